package org.adwriteback.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Removes a written-back user found by its source anchor: disable it ({@link DeleteMode#SOFT}) or
 * delete it ({@link DeleteMode#HARD}). A user that is not there is {@link
 * WritebackResult.Unchanged}, so deletes can be repeated.
 *
 * @param cloudObjectId the Entra object id of the user
 * @param mode soft or hard
 */
public record UserDelete(String cloudObjectId, DeleteMode mode) implements WritebackRequest {

  /** Checks the components are not null. */
  public UserDelete {
    Objects.requireNonNull(cloudObjectId, "cloudObjectId");
    Objects.requireNonNull(mode, "mode");
  }

  @Override
  public String key() {
    return "user " + cloudObjectId;
  }

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    InputChecks.objectId(problems, "the cloud object id", cloudObjectId);
    return problems;
  }
}

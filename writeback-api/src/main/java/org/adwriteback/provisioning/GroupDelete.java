package org.adwriteback.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Deletes a written-back group found by its anchor ({@code adminDescription = Group_<objectId>}),
 * as disabling group writeback does (permissions.md §7). A group that is not there is {@link
 * WritebackResult.Unchanged}.
 *
 * @param cloudObjectId the Entra object id of the group
 */
public record GroupDelete(String cloudObjectId) implements WritebackRequest {

  /** Checks the id is not null. */
  public GroupDelete {
    Objects.requireNonNull(cloudObjectId, "cloudObjectId");
  }

  @Override
  public String key() {
    return "group " + cloudObjectId;
  }

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    InputChecks.objectId(problems, "the cloud object id", cloudObjectId);
    return problems;
  }
}

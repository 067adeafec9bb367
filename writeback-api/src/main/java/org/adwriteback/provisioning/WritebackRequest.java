package org.adwriteback.provisioning;

import java.util.List;

/**
 * One writeback request: what a sync engine asks on-premises AD to become (permissions.md §7).
 *
 * <p>Requests are values. Their constructors only reject nulls, so that a batch can report bad
 * input per item: {@link #problems()} lists everything wrong with the request that can be seen
 * without a server, and an executor sends nothing for a request that has problems.
 */
public sealed interface WritebackRequest
    permits PasswordReset,
        PasswordChange,
        UserUpsert,
        UserDelete,
        GroupUpsert,
        GroupDelete,
        DeviceUpsert,
        ExchangeHybridUpdate {

  /**
   * Returns a short, password-free description of the item for reports, e.g. {@code "user 5f0c…"}.
   *
   * @return the key
   */
  String key();

  /**
   * Returns what is wrong with the request, as sentences that name the field and the limit.
   *
   * @return the problems; empty when the request may be sent
   */
  List<String> problems();
}

package org.adwriteback.provisioning;

/** How the RDN of a written-back group is formed (permissions.md §7, group writeback). */
public enum GroupRdnStyle {
  /** {@code CN=Group_<objectId>}, the default of Entra Connect. */
  GROUP_OBJECT_ID,
  /** {@code CN=<displayName>_<last 12 hex digits of objectId>}, the optional readable form. */
  DISPLAY_NAME_SUFFIX
}

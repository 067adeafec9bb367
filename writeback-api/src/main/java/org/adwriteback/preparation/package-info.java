/**
 * Writeback features and the preparation plans they produce: what each of Microsoft's preparation
 * cmdlets ({@code AdSyncPrep.psm1}, {@code AdSyncConfig.psm1}) grants and creates, as data, and the
 * planner that turns a request plus the facts of a directory into ordered steps. Reference: {@code
 * shared/spec/permissions.md}.
 */
package org.adwriteback.preparation;

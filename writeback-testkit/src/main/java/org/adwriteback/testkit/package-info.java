/**
 * The in-memory AD-like forest: configuration, the running directory, seeding helpers, the JUnit 5
 * extension and assertions for consumers.
 */
package org.adwriteback.testkit;

package org.adwriteback.schema;

/** The {@code objectClassCategory} of a class (MS-ADTS 3.1.1.2.4.8). */
public enum ObjectClassCategory {
  /** 0: a class defined before the X.500 1993 categories (e.g. {@code person}, {@code device}). */
  EIGHTY_EIGHT(0),
  /** 1: a structural class; objects can be created with it. */
  STRUCTURAL(1),
  /** 2: an abstract class, only a superclass (e.g. {@code top}). */
  ABSTRACT(2),
  /** 3: an auxiliary class, added to objects through {@code auxiliaryClass}. */
  AUXILIARY(3);

  private final int value;

  ObjectClassCategory(int value) {
    this.value = value;
  }

  /**
   * The value stored in {@code objectClassCategory}.
   *
   * @return 0 to 3
   */
  public int value() {
    return value;
  }

  /**
   * Returns the category stored as {@code value}.
   *
   * @param value the stored integer
   * @return the category
   * @throws IllegalArgumentException if {@code value} is not 0 to 3
   */
  public static ObjectClassCategory of(int value) {
    for (ObjectClassCategory c : values()) {
      if (c.value == value) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "objectClassCategory must be 0 to 3 (MS-ADTS 3.1.1.2.4.8), got " + value);
  }
}

package dev.scalingar.model.llamagen;

import net.razorvine.pickle.IObjectConstructor;

/**
 * The torch storage classes a checkpoint may name ({@code torch.FloatStorage}, ...), with their
 * element size and safetensors dtype. A pickle GLOBAL of one of these pushes the constant itself;
 * it is data (the second element of a storage's persistent id), never called.
 */
public enum StorageType implements IObjectConstructor {
  FLOAT("FloatStorage", 4, "F32"),
  HALF("HalfStorage", 2, "F16"),
  BFLOAT16("BFloat16Storage", 2, "BF16"),
  DOUBLE("DoubleStorage", 8, "F64"),
  LONG("LongStorage", 8, "I64"),
  INT("IntStorage", 4, "I32"),
  BOOL("BoolStorage", 1, "BOOL"),
  BYTE("ByteStorage", 1, "U8");

  final String pythonName;
  final int elementSize;
  final String dtype;

  StorageType(String pythonName, int elementSize, String dtype) {
    this.pythonName = pythonName;
    this.elementSize = elementSize;
    this.dtype = dtype;
  }

  static StorageType byPythonName(String name) {
    for (StorageType t : values()) {
      if (t.pythonName.equals(name)) {
        return t;
      }
    }
    return null;
  }

  public boolean isFloatingPoint() {
    return this == FLOAT || this == HALF || this == BFLOAT16 || this == DOUBLE;
  }

  @Override
  public Object construct(Object[] args) {
    throw new CheckpointException(
        "the checkpoint calls torch."
            + pythonName
            + "(...) directly; storages may only appear"
            + " in persistent ids");
  }
}

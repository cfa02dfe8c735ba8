package dev.scalingar.engine;

import dev.scalingar.engine.model.ImageModel;
import java.util.BitSet;

/**
 * The model's rows as trajectory slots: slot s owns rows 2s (conditional) and 2s+1 (unconditional).
 * Allocation takes the lowest free slots, which keeps live rows dense at the low end of the cache.
 */
public final class SlotPool {

  private final int slots;
  private final BitSet used;

  public SlotPool(int rowCapacity) {
    if (rowCapacity < 2) {
      throw new IllegalArgumentException("need at least 2 rows, got " + rowCapacity);
    }
    this.slots = rowCapacity / 2;
    this.used = new BitSet(slots);
  }

  public int capacity() {
    return slots;
  }

  public int free() {
    return slots - used.cardinality();
  }

  public int inUse() {
    return used.cardinality();
  }

  /** Takes {@code n} free slots, or none when fewer are free. */
  public int[] take(int n) {
    if (n > free()) {
      return new int[0];
    }
    int[] out = new int[n];
    int s = 0;
    for (int i = 0; i < n; i++) {
      s = used.nextClearBit(s);
      used.set(s);
      out[i] = s++;
    }
    return out;
  }

  /** The lowest free slot, or -1 when none is. */
  public int lowestFree() {
    int s = used.nextClearBit(0);
    return s < slots ? s : -1;
  }

  /** Takes {@code slot}, which must be free. */
  public void takeSlot(int slot) {
    if (slot < 0 || slot >= slots || used.get(slot)) {
      throw new IllegalStateException("slot " + slot + " is not free");
    }
    used.set(slot);
  }

  public void give(int slot) {
    if (!used.get(slot)) {
      throw new IllegalStateException("slot " + slot + " is not in use");
    }
    used.clear(slot);
  }

  public static ImageModel.Rows rows(int slot) {
    return new ImageModel.Rows(2 * slot, 2 * slot + 1);
  }
}

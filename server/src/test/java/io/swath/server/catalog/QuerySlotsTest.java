package io.swath.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.error.UnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Admission of long reads: bounded, first come first served, busy answers and prompt exits for waiters. */
class QuerySlotsTest {
  static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(5);
    }
  }

  @Test
  void theSlotsLeaveConnectionsForEverythingElse() {
    assertThat(QuerySlots.forPool(16)).isEqualTo(12);
    assertThat(QuerySlots.forPool(4)).isEqualTo(2);
    assertThat(QuerySlots.forPool(2)).isEqualTo(1);
    assertThatThrownBy(() -> new QuerySlots(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aReadThatWaitsTooLongIsToldTheServerIsBusy() throws Exception {
    QuerySlots slots = new QuerySlots(2, Duration.ofMillis(200));
    QuerySlots.Slot a = slots.acquire();
    QuerySlots.Slot b = slots.acquire();
    assertThat(slots.inUse()).isEqualTo(2);
    long t0 = System.nanoTime();
    assertThatThrownBy(slots::acquire).isInstanceOf(UnavailableException.class)
        .hasMessage("the server is busy: all 2 query slots stayed in use for 200 ms; retry later");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    a.close();
    a.close(); // closing twice frees one slot only
    assertThat(slots.inUse()).isEqualTo(1);
    try (QuerySlots.Slot c = slots.acquire()) {
      assertThat(slots.inUse()).isEqualTo(2);
    }
    b.close();
    assertThat(slots.inUse()).isZero();
  }

  @Test
  void waitersAreServedInOrderAndAnInterruptedOneLeavesAtOnce() throws Exception {
    QuerySlots slots = new QuerySlots(1, Duration.ofSeconds(30));
    QuerySlots.Slot held = slots.acquire();
    List<Integer> order = new CopyOnWriteArrayList<>();
    Thread[] waiters = new Thread[4];
    for (int i = 0; i < waiters.length; i++) {
      int n = i;
      waiters[i] = Thread.ofVirtual().start(() -> {
        try (QuerySlots.Slot s = slots.acquire()) {
          order.add(n);
        } catch (InterruptedException e) {
          order.add(-n);
        }
      });
      int queued = i + 1;
      await(queued + " waiting", () -> slots.waiting() == queued);
    }
    waiters[2].interrupt();
    waiters[2].join(1000);
    assertThat(waiters[2].isAlive()).as("the interrupted waiter left").isFalse();
    assertThat(order).containsExactly(-2);
    held.close();
    for (Thread t : waiters) {
      t.join(10_000);
    }
    assertThat(order).containsExactly(-2, 0, 1, 3);
    assertThat(slots.inUse()).isZero();
  }
}

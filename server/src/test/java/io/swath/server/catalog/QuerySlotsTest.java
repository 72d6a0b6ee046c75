package io.swath.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.error.UnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Admission of long reads: bounded, first come first served within a caller, shared fairly between
 * callers, busy answers and prompt exits for waiters.
 */
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

  /** Queues one waiter of {@code caller} that records its name when served and gives its slot back at once. */
  static Thread queue(QuerySlots slots, String caller, String name, List<String> order) throws InterruptedException {
    int before = slots.waiting();
    Thread t = Thread.ofVirtual().start(() -> {
      try (QuerySlots.Slot s = slots.acquire(caller)) {
        order.add(name);
      } catch (InterruptedException e) {
        order.add("interrupted " + name);
      }
    });
    await(name + " waiting", () -> slots.waiting() == before + 1);
    return t;
  }

  @Test
  void callersTakeTurnsWhateverTheirQueuesHold() throws Exception {
    QuerySlots slots = new QuerySlots(1, Duration.ofSeconds(30));
    QuerySlots.Slot held = slots.acquire("x");
    List<String> order = new CopyOnWriteArrayList<>();
    List<Thread> threads = new java.util.ArrayList<>();
    // a greedy caller queues four reads before two others arrive
    for (String[] w : new String[][] {{"a", "a1"}, {"a", "a2"}, {"a", "a3"}, {"a", "a4"}, {"b", "b1"}, {"c", "c1"}, {"c", "c2"},
        {"x", "x1"}}) {
      threads.add(queue(slots, w[0], w[1], order));
    }
    assertThat(slots.waiting("a")).isEqualTo(4);
    assertThat(slots.inUse("x")).isEqualTo(1);
    held.close();
    for (Thread t : threads) {
      t.join(10_000);
    }
    // callers never served first in order of arrival, then whoever's turn came longest ago
    assertThat(order).containsExactly("a1", "b1", "c1", "x1", "a2", "c2", "a3", "a4");
    assertThat(slots.inUse()).isZero();
    assertThat(slots.waiting()).isZero();
  }

  /** Queues one waiter of {@code caller} that records its name when served and keeps its slot. */
  static java.util.concurrent.CompletableFuture<QuerySlots.Slot> queueHolding(QuerySlots slots, String caller, List<String> order)
      throws InterruptedException {
    int before = slots.waiting();
    var slot = new java.util.concurrent.CompletableFuture<QuerySlots.Slot>();
    Thread.ofVirtual().start(() -> {
      try {
        QuerySlots.Slot s = slots.acquire(caller);
        order.add(caller);
        slot.complete(s);
      } catch (InterruptedException e) {
        slot.completeExceptionally(e);
      }
    });
    await(caller + " waiting", () -> slots.waiting() == before + 1);
    return slot;
  }

  @Test
  void aFreeSlotGoesToTheWaitingCallerHoldingFewest() throws Exception {
    QuerySlots slots = new QuerySlots(4, Duration.ofSeconds(30));
    QuerySlots.Slot g1 = slots.acquire("greedy");
    QuerySlots.Slot g2 = slots.acquire("greedy");
    QuerySlots.Slot g3 = slots.acquire("greedy");
    QuerySlots.Slot o1 = slots.acquire("other");
    List<String> order = new CopyOnWriteArrayList<>();
    // the greedy caller queues first, but holds three slots; the polite one holds none
    var greedy = queueHolding(slots, "greedy", order);
    var other = queueHolding(slots, "other", order);
    var polite = queueHolding(slots, "polite", order);
    g1.close();
    polite.get(10, TimeUnit.SECONDS);
    assertThat(order).containsExactly("polite");
    // polite is done: greedy holds 2 and other 1, so other's waiter goes first although greedy's came earlier
    polite.get().close();
    other.get(10, TimeUnit.SECONDS);
    assertThat(order).containsExactly("polite", "other");
    // a slot that other frees goes to greedy's waiter, the only one left
    o1.close();
    greedy.get(10, TimeUnit.SECONDS);
    assertThat(order).containsExactly("polite", "other", "greedy");
    assertThat(slots.inUse("greedy")).isEqualTo(3);
    assertThat(slots.inUse("other")).isEqualTo(1);
    for (QuerySlots.Slot s : List.of(g2, g3, other.get(), greedy.get())) {
      s.close();
    }
    assertThat(slots.inUse()).isZero();
  }

  @Test
  void aCallerAloneTakesEverySlotAndAWaiterThatTimesOutLeavesNoTrace() throws Exception {
    QuerySlots slots = new QuerySlots(3, Duration.ofMillis(50));
    List<QuerySlots.Slot> held = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(slots.acquire("alone"));
    }
    assertThat(slots.inUse("alone")).isEqualTo(3);
    assertThatThrownBy(() -> slots.acquire("late")).isInstanceOf(UnavailableException.class);
    assertThat(slots.waiting()).isZero();
    assertThat(slots.waiting("late")).isZero();
    held.forEach(QuerySlots.Slot::close);
    assertThat(slots.inUse("alone")).isZero();
    assertThatThrownBy(() -> slots.acquire(null)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Random arrivals and releases against a brute-force model of the rule: every grant goes to the
   * queue of the waiting caller with the fewest slots held, ties to the caller served longest ago
   * (never served: earliest arrival).
   */
  @Test
  void grantsFollowTheRuleUnderRandomArrivalsAndReleases() throws Exception {
    long seed = new java.util.Random().nextLong();
    java.util.Random rnd = new java.util.Random(seed);
    int capacity = 1 + rnd.nextInt(3);
    QuerySlots slots = new QuerySlots(capacity, Duration.ofMinutes(1));
    String[] callers = {"a", "b", "c", "d"};
    // the model: per caller, held slots, FIFO queue of waiter names, last turn
    Map<String, Integer> heldModel = new java.util.HashMap<>();
    Map<String, java.util.ArrayDeque<String>> queues = new java.util.HashMap<>();
    Map<String, Long> lastTurn = new java.util.HashMap<>();
    long[] counters = {0, Long.MIN_VALUE};
    Map<String, java.util.concurrent.CompletableFuture<QuerySlots.Slot>> granted = new java.util.concurrent.ConcurrentHashMap<>();
    List<String> heldNames = new java.util.ArrayList<>();
    Map<String, String> callerOf = new java.util.HashMap<>();
    List<String> expected = new java.util.ArrayList<>();
    List<String> actual = new CopyOnWriteArrayList<>();
    for (int step = 0; step < 200; step++) {
      boolean release = !heldNames.isEmpty() && (rnd.nextInt(3) == 0 || heldNames.size() + queues.values().stream().mapToInt(q -> q.size()).sum() > 12);
      if (release) {
        String name = heldNames.remove(rnd.nextInt(heldNames.size()));
        String c = callerOf.get(name);
        int before = actual.size();
        heldModel.merge(c, -1, Integer::sum);
        // model: the freed slot goes to the best waiting caller
        String next = null;
        for (String o : callers) {
          var q = queues.get(o);
          if (q != null && !q.isEmpty() && (next == null || heldModel.get(o) < heldModel.get(next)
              || (heldModel.get(o).equals(heldModel.get(next)) && lastTurn.get(o) < lastTurn.get(next)))) {
            next = o;
          }
        }
        forget(c, heldModel, queues, lastTurn);
        granted.get(name).get().close();
        if (next != null) {
          String w = queues.get(next).poll();
          heldModel.merge(next, 1, Integer::sum);
          lastTurn.put(next, ++counters[0]);
          expected.add(w);
          heldNames.add(w);
          await(w + " served", () -> actual.size() == before + 1);
          assertThat(actual.get(before)).as("seed %d", seed).isEqualTo(w);
        }
      } else {
        String c = callers[rnd.nextInt(callers.length)];
        String name = c + step;
        callerOf.put(name, c);
        heldModel.putIfAbsent(c, 0);
        queues.computeIfAbsent(c, k -> new java.util.ArrayDeque<>());
        lastTurn.computeIfAbsent(c, k -> counters[1]++);
        var future = new java.util.concurrent.CompletableFuture<QuerySlots.Slot>();
        granted.put(name, future);
        int waitingBefore = slots.waiting();
        int servedBefore = actual.size();
        Thread.ofVirtual().start(() -> {
          try {
            QuerySlots.Slot s = slots.acquire(c);
            actual.add(name);
            future.complete(s);
          } catch (InterruptedException e) {
            future.completeExceptionally(e);
          }
        });
        if (heldModel.values().stream().mapToInt(Integer::intValue).sum() < capacity) {
          heldModel.merge(c, 1, Integer::sum);
          lastTurn.put(c, ++counters[0]);
          heldNames.add(name);
          expected.add(name);
          await(name + " served at once", () -> actual.size() == servedBefore + 1);
        } else {
          queues.get(c).add(name);
          await(name + " waiting", () -> slots.waiting() == waitingBefore + 1);
        }
      }
      for (String o : callers) {
        assertThat(slots.inUse(o)).as("seed %d step %d caller %s", seed, step, o).isEqualTo(heldModel.getOrDefault(o, 0));
      }
    }
    assertThat(actual).as("seed %d", seed).containsExactlyElementsOf(expected);
    while (!heldNames.isEmpty()) {
      String name = heldNames.remove(0);
      int before = actual.size();
      boolean anyWaiting = slots.waiting() > 0;
      granted.get(name).get().close();
      if (anyWaiting) {
        await("a waiter served", () -> actual.size() == before + 1);
        heldNames.add(actual.get(before));
      }
    }
    assertThat(slots.inUse()).isZero();
    assertThat(slots.waiting()).isZero();
  }

  private static void forget(String c, Map<String, Integer> held, Map<String, java.util.ArrayDeque<String>> queues, Map<String, Long> lastTurn) {
    if (held.get(c) == 0 && queues.get(c).isEmpty()) {
      held.remove(c);
      queues.remove(c);
      lastTurn.remove(c);
    }
  }
}

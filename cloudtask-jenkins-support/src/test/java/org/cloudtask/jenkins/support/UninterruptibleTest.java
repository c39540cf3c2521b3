package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UninterruptibleTest {

    @Test
    void anInterruptedCallerStillGetsTheCallsResultAndItsInterruptBack() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean callSawInterrupt = new AtomicBoolean();
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicBoolean callerInterruptedAfter = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                result.set(Uninterruptible.call("test-call", () -> {
                    started.countDown();
                    release.await();
                    callSawInterrupt.set(Thread.currentThread().isInterrupted());
                    return "i-1 i-2";
                }));
            } catch (Exception e) {
                result.set(e);
            }
            callerInterruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        caller.interrupt(); // an abort while the launch call runs
        release.countDown();
        caller.join(30_000);

        assertThat(result.get()).as("the answer is not thrown away").isEqualTo("i-1 i-2");
        assertThat(callSawInterrupt).as("the call itself was not interrupted").isFalse();
        assertThat(callerInterruptedAfter).as("the caller learns of the abort afterwards").isTrue();
    }

    @Test
    void theCallsOwnExceptionReachesTheCaller() {
        assertThatThrownBy(() -> Uninterruptible.call("test-call", () -> {
            throw new IOException("RunInstances refused");
        })).isInstanceOf(IOException.class).hasMessage("RunInstances refused");
        assertThatThrownBy(() -> Uninterruptible.call("test-call", () -> {
            throw new IllegalStateException("bad template");
        })).isInstanceOf(IllegalStateException.class);
    }
}

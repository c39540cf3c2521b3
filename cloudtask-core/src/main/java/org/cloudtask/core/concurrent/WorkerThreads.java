package org.cloudtask.core.concurrent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Threads for what each worker needs one of (its life while it connects, its connection's reader; its slots hold none
 * while they wait): virtual threads when the system property {@code cloudtask.virtualThreads} is true (bin/cloudtask
 * sets it) and Java is 24 or newer, platform threads otherwise. why: a thousand workers then cost a thousand parked
 * continuations on a few carrier threads instead of a thousand OS threads. why 24 and not 21: from 24 on (JEP 491) a
 * virtual thread that waits inside {@code synchronized} (JSch does, for window space and replies) releases its
 * carrier; on 21-23 such waits pin carriers, and a few pinned ones could stall every worker. why opt-in: the plugin
 * runs the engine inside Jenkins, whose JVM we do not choose; there it keeps platform threads.
 */
public final class WorkerThreads {

    private static final MethodHandle VIRTUAL = virtualBuilder();

    private WorkerThreads() {
    }

    /** Whether this JVM gives workers virtual threads. */
    public static boolean virtual() {
        return VIRTUAL != null;
    }

    /** A new, unstarted thread named {@code name} running {@code task}. */
    public static Thread unstarted(String name, Runnable task) {
        if (VIRTUAL != null) {
            try {
                return (Thread) VIRTUAL.invoke(name, task);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot create a virtual thread", e);
            }
        }
        return new Thread(task, name);
    }

    /** {@code (name, task) -> Thread.ofVirtual().name(name).unstarted(task)}, found by reflection (we compile for 17). */
    private static MethodHandle virtualBuilder() {
        if (Runtime.version().feature() < 24 || !Boolean.getBoolean("cloudtask.virtualThreads")) return null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle of = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual));
            MethodHandle name = lookup.findVirtual(ofVirtual, "name", MethodType.methodType(ofVirtual, String.class));
            MethodHandle unstarted = lookup.findVirtual(builder, "unstarted",
                    MethodType.methodType(Thread.class, Runnable.class));
            // (name, task) -> unstarted(name(of(), name), task)
            MethodHandle named = MethodHandles.collectArguments(name, 0, of);           // (String) -> OfVirtual
            MethodHandle asBuilder = named.asType(MethodType.methodType(builder, String.class));
            return MethodHandles.collectArguments(unstarted, 0, asBuilder);            // (String, Runnable) -> Thread
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}

package org.cloudtask.core.text;

/** A number with its noun in the right number, for messages people read: {@code 1 job}, {@code 2 jobs}, {@code 0 jobs}. */
public final class Counted {

    private Counted() {
    }

    /** {@code noun} with an "s" unless {@code n} is 1; only for nouns whose plural is that regular. */
    public static String of(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}

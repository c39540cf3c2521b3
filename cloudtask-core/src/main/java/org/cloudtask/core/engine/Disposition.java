package org.cloudtask.core.engine;

import org.cloudtask.core.session.JournalRecords;

/** What happens to a job after an attempt: its result stands, or it goes back to the queue (using a retry or not). */
enum Disposition {
    FINAL(JournalRecords.FINAL), RETRY(JournalRecords.RETRY), AGAIN(JournalRecords.AGAIN);

    final String journalName;

    Disposition(String journalName) {
        this.journalName = journalName;
    }
}

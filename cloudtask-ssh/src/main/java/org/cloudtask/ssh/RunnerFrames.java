package org.cloudtask.ssh;

import java.nio.ByteBuffer;

/**
 * The runner protocol's frames: type (1 byte), job id (uint32), payload length (uint32), payload. See runner.pl for
 * the frame types.
 */
final class RunnerFrames {

    static final int HEADER_LENGTH = 9;

    static final char START_JOB = 'J';
    static final char QUEUE_JOB = 'Q';
    static final char WITHDRAW = 'C';
    static final char KILL = 'K';
    static final char HEARTBEAT = 'H';
    static final char READY = 'R';
    static final char STARTED = 'S';
    static final char OUTPUT = 'O';
    static final char EXITED = 'X';
    static final char WITHDRAWAL = 'W';

    private RunnerFrames() {
    }

    static byte[] encode(char type, int id, byte[] payload) {
        return ByteBuffer.allocate(HEADER_LENGTH + payload.length)
                .put((byte) type).putInt(id).putInt(payload.length).put(payload).array();
    }

    /** A Q frame's payload: the job it waits for, then the job as in a J frame. */
    static byte[] queuedJob(int previousId, byte[] job) {
        return ByteBuffer.allocate(Integer.BYTES + job.length).putInt(previousId).put(job).array();
    }
}

package org.cloudtask.core.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.cloudtask.core.text.LosslessText;

/**
 * Reads input records one at a time from a stream, so the first job can start long before a huge input is read to
 * the end. Records end at the mode's separator ({@code \n}, or NUL for {@link InputMode#NULL}); a last record without
 * one counts. In {@link InputMode#WORDS} one trailing {@code \r} is stripped and a UTF-8 byte-order mark at the very
 * start is skipped; the other modes keep every byte.
 *
 * <p>Any bytes are accepted: bytes that are not UTF-8 come back as {@link LosslessText} escape characters, so they
 * reach the job unchanged. A record longer than {@link #MAX_LINE_BYTES} is never held whole: its first
 * {@link #KEPT_OF_LONG_LINE} bytes are returned and {@link #tooLong} says so, and the caller records it as a job that
 * failed to build.
 */
public final class InputLineReader {

    /** Far above any sensible job line (1 MB lines work), low enough that one line cannot exhaust the heap. */
    public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;
    /** What is kept of a record over {@link #MAX_LINE_BYTES}, for the session's inputs and failed files. */
    public static final int KEPT_OF_LONG_LINE = 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int bufferStart;
    private int bufferEnd;
    private byte[] line = new byte[256];
    private int lineLength;
    private long lineNumber;
    private boolean eof;
    private boolean tooLong;
    private final InputMode mode;
    private final byte separator;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    public InputLineReader(InputStream in) {
        this(in, InputMode.WORDS);
    }

    public InputLineReader(InputStream in, InputMode mode) {
        this.in = in;
        this.mode = mode;
        this.separator = mode.separator();
    }

    /** Whether the record last returned by {@link #next} was longer than {@link #MAX_LINE_BYTES} and was cut. */
    public boolean tooLong() {
        return tooLong;
    }

    /** The number of the line last returned by {@link #next}, from 1. */
    public long lineNumber() {
        return lineNumber;
    }

    /** The next line without its line break, or null at the end of the input. */
    public String next() throws IOException {
        if (eof) return null;
        lineLength = 0;
        tooLong = false;
        while (true) {
            if (bufferStart == bufferEnd && !fill()) {
                eof = true;
                if (lineLength == 0) return null;
                return finishLine();
            }
            int newline = indexOfNewline();
            int end = newline < 0 ? bufferEnd : newline;
            appendToLine(end);
            bufferStart = newline < 0 ? bufferEnd : newline + 1;
            if (newline >= 0) return finishLine();
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n <= 0) return false;
        bufferStart = 0;
        bufferEnd = n;
        return true;
    }

    private int indexOfNewline() {
        for (int i = bufferStart; i < bufferEnd; i++) {
            if (buffer[i] == separator) return i;
        }
        return -1;
    }

    private void appendToLine(int end) {
        int n = end - bufferStart;
        if (tooLong) return;
        if (lineLength + n > MAX_LINE_BYTES) {
            // why: one record must not exhaust the heap; the rest of it is skipped, what is kept names it
            tooLong = true;
            lineLength = Math.min(lineLength, KEPT_OF_LONG_LINE);
            n = Math.min(n, KEPT_OF_LONG_LINE - lineLength);
        }
        if (lineLength + n > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        System.arraycopy(buffer, bufferStart, line, lineLength, n);
        lineLength += n;
    }

    private String finishLine() {
        lineNumber++;
        if (mode == InputMode.WORDS && lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
        return decode();
    }

    private String decode() {
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, lineLength);
        CharBuffer chars = CharBuffer.allocate(lineLength);
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isUnderflow()) {
            // why: rare (Latin-1 file names, binary-ish lines); the fast path above stays for UTF-8 input
            chars = CharBuffer.wrap(LosslessText.decode(line, 0, lineLength));
        } else {
            decoder.flush(chars);
            chars.flip();
        }
        // why: a byte-order mark (editors on Windows write one) marks the encoding; it is not part of the first word
        if (mode == InputMode.WORDS && lineNumber == 1 && chars.length() > 0 && chars.charAt(0) == '\uFEFF') {
            chars.position(1);
        }
        return chars.toString();
    }

}

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

/**
 * Reads input lines one at a time from a stream, so the first job can start long before a huge input is read to the
 * end. Lines end at {@code \n}; one trailing {@code \r} is stripped; a last line without a line break counts.
 *
 * <p>Input must be UTF-8 text. A line holding a NUL byte or bytes that are not UTF-8 is never altered or skipped: it
 * stops the reading with an {@link InputException} naming the line number, the byte position and what to do
 * ({@code input line 7: invalid UTF-8 at byte 3; convert the input to UTF-8 (e.g. iconv -f latin1 -t utf-8) and run
 * again}). Lines longer than {@link #MAX_LINE_BYTES} are refused the same way.
 */
public final class InputLineReader {

    /** Far above any sensible job line (1 MB lines work), low enough that one line cannot exhaust the heap. */
    public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int bufferStart;
    private int bufferEnd;
    private byte[] line = new byte[256];
    private int lineLength;
    private long lineNumber;
    private boolean eof;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    public InputLineReader(InputStream in) {
        this.in = in;
    }

    /** The number of the line last returned by {@link #next}, from 1. */
    public long lineNumber() {
        return lineNumber;
    }

    /** The next line without its line break, or null at the end of the input. */
    public String next() throws IOException {
        if (eof) return null;
        lineLength = 0;
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
            if (buffer[i] == '\n') return i;
        }
        return -1;
    }

    private void appendToLine(int end) {
        int n = end - bufferStart;
        if (lineLength + n > MAX_LINE_BYTES) {
            throw new InputException(lineNumber + 1, "longer than " + MAX_LINE_BYTES / (1024 * 1024)
                    + " MiB; pass such data through a file the job reads instead of the input line");
        }
        if (lineLength + n > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        System.arraycopy(buffer, bufferStart, line, lineLength, n);
        lineLength += n;
    }

    private String finishLine() {
        lineNumber++;
        if (lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
        for (int i = 0; i < lineLength; i++) {
            if (line[i] == 0) {
                throw new InputException(lineNumber, "contains a NUL byte at byte " + (i + 1)
                        + "; remove NUL bytes from the input (e.g. tr -d '\\000') and run again");
            }
        }
        return decode();
    }

    private String decode() {
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, lineLength);
        CharBuffer chars = CharBuffer.allocate(lineLength);
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isUnderflow()) {
            throw new InputException(lineNumber, "invalid UTF-8 at byte " + (bytes.position() + 1)
                    + "; convert the input to UTF-8 (e.g. iconv -f latin1 -t utf-8) and run again");
        }
        decoder.flush(chars);
        chars.flip();
        return chars.toString();
    }

}

package io.computecluster.master.http;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.Column;
import io.computecluster.common.column.PayloadType;
import io.computecluster.common.numbers.NumbersBuilder;
import io.computecluster.master.job.InputBlocks;
import io.computecluster.master.job.InputSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of a text or NDJSON body as its lines arrive, typed exactly as
 * {@link JobRequestParser#fromText} and {@link JobRequestParser#fromNdjson} type them (same
 * refusals, same line numbers), and cut into blocks for the job store ({@link InputBlocks}). It
 * holds one block at a time: the body of a job of any size passes through in a few MiB. Not
 * thread-safe: one stream feeds it, in order.
 */
final class LineInputs {
    private final JobRequestParser parser;
    private final JobRequestParser.LineRequest request;
    private final boolean integers;
    private final List<Long> blockEnds = new ArrayList<>();
    private NumbersBuilder numbers;
    private List<byte[]> payloads;
    private int inBlock;
    private long blockBytes;
    private long total;
    private int lineNumber;
    private int maxValueBytes;
    private int maxBitLength;
    private Column firstBlock;
    private boolean anyWritten;

    LineInputs(JobRequestParser parser, JobRequestParser.LineRequest request) {
        this.parser = parser;
        this.request = request;
        this.integers = request.function().input() == PayloadType.INTEGER && request.how() != JobRequestParser.Line.NDJSON;
        startBlock();
    }

    JobRequestParser.LineRequest request() {
        return request;
    }

    /** Lines read so far: the number of the next one is one more. */
    int lines() {
        return lineNumber;
    }

    /**
     * Takes the next line of the body, without its line break; refuses it with an {@link ApiError}
     * that names it. Returns a block that is full, to be stored, or null.
     */
    Column add(String line) {
        lineNumber++;
        boolean blank = integers ? line.isBlank() : JobRequestParser.skipped(line, request.how());
        if (blank) {
            return null;
        }
        if (integers) {
            parser.checkIntegerCount(total, lineNumber);
            parser.integerLine(line, lineNumber, numbers, inBlock);
            blockBytes += 8;
        } else {
            parser.checkCount(total, lineNumber);
            byte[] value = parser.payloadLine(line, request.function(), request.how(), lineNumber);
            payloads.add(value);
            maxValueBytes = Math.max(maxValueBytes, value.length);
            blockBytes += value.length + 4L;
        }
        inBlock++;
        total++;
        return InputBlocks.full(inBlock, blockBytes) ? endBlock() : null;
    }

    /** The last block, not full, or null when the last one ended full; refuses a body without inputs. */
    Column finish() {
        if (total == 0) {
            throw integers ? JobRequestParser.noIntegers() : JobRequestParser.noInputs();
        }
        return inBlock == 0 ? null : endBlock();
    }

    /** Says that a block {@link #add} or {@link #finish} gave is to be stored (all but a small job's only one). */
    void written() {
        anyWritten = true;
    }

    /**
     * When the whole body is one small block that was not stored ({@link JobSubmission}'s inline
     * size), its inputs as a list kept in the heap: a small job then costs the store nothing more.
     */
    InputSource smallList(int maxListed) {
        return !anyWritten && blockEnds.size() == 1 && total <= maxListed ? new InputSource.Listed(firstBlock) : null;
    }

    /** The inputs as stored, once {@link #finish} has given the last block. */
    InputSource.Stored stored() {
        return new InputSource.Stored(request.function().input(), total,
                blockEnds.stream().mapToLong(Long::longValue).toArray(), maxValueBytes, maxBitLength);
    }

    private Column endBlock() {
        Column block = integers ? numbers.resized(inBlock).build() : Blobs.of(payloads);
        if (integers) {
            maxBitLength = Math.max(maxBitLength, new InputSource.Listed(block).maxBitLength());
        }
        blockEnds.add(total);
        if (blockEnds.size() == 1) {
            firstBlock = block;
        } else {
            firstBlock = null;
        }
        startBlock();
        return block;
    }

    private void startBlock() {
        inBlock = 0;
        blockBytes = 0;
        if (integers) {
            numbers = new NumbersBuilder(InputBlocks.MAX_INPUTS);
        } else {
            payloads = new ArrayList<>();
        }
    }
}

package io.computecluster.compute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.compute.http.ResumableDownload;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A job's results in input order, read from the master as they are consumed: one {@link Result}
 * per input, with its value or its error. A master that stops answering mid-stream is replaced by
 * the next one, which goes on from the first result not yet read. Close it (or the stream) when
 * done early; it is not for several threads.
 *
 * <p>A failure to read fails {@link #next()} with a {@link ComputeException}.
 *
 * @param <I> the inputs' type
 * @param <O> the results' type
 */
public final class Results<I, O> implements Iterator<Result<I, O>>, AutoCloseable {
    private final ResumableDownload.Lines lines;
    private final MappingIterator<JsonNode> values;
    private final ValueType<I> inputType;
    private final ValueType<O> outputType;
    private final ObjectMapper json;
    private long index;

    Results(ResumableDownload.Lines lines, long from, ValueType<I> inputType, ValueType<O> outputType,
            ObjectMapper json) throws IOException {
        this.lines = lines;
        this.values = json.readerFor(JsonNode.class).readValues(lines);
        this.inputType = inputType;
        this.outputType = outputType;
        this.json = json;
        this.index = from;
    }

    @Override
    public boolean hasNext() {
        try {
            return values.hasNextValue();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public Result<I, O> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more results");
        }
        JsonNode line;
        try {
            line = values.nextValue();
        } catch (IOException e) {
            throw failure(e);
        }
        long at = index++;
        try {
            I input = inputType.read(line.path("input"), json);
            JsonNode error = line.get("error");
            if (error != null && !error.isNull()) {
                return new Result<>(at, input, null, error.asText());
            }
            return new Result<>(at, input, outputType.read(line.path("result"), json), null);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new ComputeException("result " + at + " does not read as the types asked for: " + e.getMessage(),
                    0, null, e);
        }
    }

    /** The results as a sequential stream; closing it closes this. */
    public Stream<Result<I, O>> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
    }

    @Override
    public void close() {
        lines.close();
    }

    private static ComputeException failure(IOException e) {
        if (e.getCause() instanceof InterruptedException interrupted) {
            return ComputeException.interrupted(interrupted);
        }
        return ComputeException.of(e);
    }
}

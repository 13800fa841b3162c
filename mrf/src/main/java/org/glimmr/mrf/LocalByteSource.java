package org.glimmr.mrf;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A {@link ByteSource} over a file on the local disk. */
public record LocalByteSource(Path path) implements ByteSource {
    public LocalByteSource {
        requireNonNull(path, "path is null");
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public long length() throws IOException {
        return Files.size(path);
    }

    @Override
    public InputStream open(long offset) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        channel.position(offset);
        return new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
    }
}

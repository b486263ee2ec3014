package dev.backprop.datasets;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writing through a temporary file in the target's folder, forced to the disk, and a rename, so
 * a partial or corrupt file never sits under the final name (a crash leaves at most a
 * {@code .part} file). Used for everything backprop writes: data files, checkpoints, figures,
 * reports.
 */
public final class AtomicFiles {

    /** Writes the content of one file to the stream it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final AtomicLong COUNTER = new AtomicLong();

    private AtomicFiles() {
    }

    /**
     * A new empty temporary file next to {@code target}, {@code <name>.<pid>-<n>.part}, created
     * with the default permissions (as the final file should have).
     */
    public static Path temporaryFor(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix = target.getFileName() + "." + ProcessHandle.current().pid() + "-";
        while (true) {
            try {
                return Files.createFile(dir.resolve(prefix + COUNTER.incrementAndGet() + ".part"));
            } catch (FileAlreadyExistsException e) {
                // left over from an earlier process with the same pid: take the next number
            }
        }
    }

    /**
     * Forces {@code temp}'s content to the disk, then renames it to {@code target}, atomically
     * where the file system can, then forces the folder, which holds the new name. Without the
     * first force a crash soon after the rename could leave the target empty or partly written,
     * as file systems may store the rename before the data; without the second, the old file.
     */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        // fsync through a channel of its own: it flushes the file, whichever stream wrote it
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceFolder(target.toAbsolutePath().getParent());
    }

    /** Forces a folder's entries to the disk where a folder can be opened (POSIX); else nothing. */
    private static void forceFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a folder this way; the file itself is already on the disk
        }
    }

    /** Writes {@code bytes} to {@code target} through a temporary file. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Writes {@code text} as UTF-8 to {@code target} through a temporary file. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes what {@code content} produces to {@code target} through a temporary file; if it
     * throws, the previous file (if any) is untouched and the temporary one removed.
     */
    public static void write(Path target, Content content) throws IOException {
        Path temp = temporaryFor(target);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
                content.writeTo(out);
            }
            moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

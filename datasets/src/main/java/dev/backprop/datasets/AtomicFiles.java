package dev.backprop.datasets;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writing through a temporary file in the target's folder and a rename, so a partial or
 * corrupt file never sits under the final name (a crash leaves at most a {@code .part} file).
 */
final class AtomicFiles {

    private static final AtomicLong COUNTER = new AtomicLong();

    private AtomicFiles() {
    }

    /**
     * A new empty temporary file next to {@code target}, {@code <name>.<pid>-<n>.part}, created
     * with the default permissions (as the final file should have).
     */
    static Path temporaryFor(Path target) throws IOException {
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

    /** Renames {@code temp} to {@code target}, atomically where the file system can. */
    static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes {@code bytes} to {@code target} through a temporary file. */
    static void write(Path target, byte[] bytes) throws IOException {
        Path temp = temporaryFor(target);
        try {
            Files.write(temp, bytes);
            moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

package io.flashcheckout.bench.coldstart;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A deployment package as Lambda runs it: Lambda unpacks a function's zip or jar into {@code /var/task} and puts
 * that directory on the classpath, so classes are read from files, not from one jar. This unpacks jars into one
 * directory in classpath order: the first jar's file wins, as on a classpath, except service files
 * ({@code META-INF/services/*}), whose lines are joined as a {@link java.util.ServiceLoader} over the jars would
 * have seen them all. An entry whose name leads out of the directory is refused.
 */
final class ExtractedDeployment {
    private static final String SERVICES = "META-INF/services/";

    private ExtractedDeployment() {}

    /** Unpacks {@code jars} into {@code dir} (created) and returns it, the one classpath entry of the deployment. */
    static Path unpack(List<Path> jars, Path dir) throws IOException {
        Path root = Files.createDirectories(dir).toAbsolutePath().normalize();
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    Path target = root.resolve(entry.getName()).normalize();
                    if (!target.startsWith(root) || target.equals(root)) {
                        throw new IOException(jar + ": entry " + entry.getName() + " leads out of " + root);
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    boolean service = entry.getName().startsWith(SERVICES) && entry.getName().length() > SERVICES.length();
                    if (Files.exists(target) && !service) {
                        continue;
                    }
                    try (InputStream in = zip.getInputStream(entry);
                         OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                        if (service && Files.size(target) > 0) {
                            out.write('\n');
                        }
                        in.transferTo(out);
                    }
                }
            }
        }
        return root;
    }
}

package io.flashcheckout.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One line naming the machine a benchmark ran on, printed beside its figures. */
public final class Machine {
    private Machine() {}

    public static String describe() {
        Runtime rt = Runtime.getRuntime();
        return String.format("%s, %d cores, %.1f GiB RAM, %s %s, Java %s (%s)",
                cpuModel(), rt.availableProcessors(), totalMemoryGiB(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"));
    }

    private static String cpuModel() {
        return linesOf("/proc/cpuinfo").stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(System.getProperty("os.arch"));
    }

    private static double totalMemoryGiB() {
        return linesOf("/proc/meminfo").stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst().orElse(0) / (1024.0 * 1024.0);
    }

    private static List<String> linesOf(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}

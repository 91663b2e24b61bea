package io.flashcheckout.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time a process has used so far (user + system), from /proc on Linux; -1 elsewhere. */
public interface CpuMeter {
    /** Linux's USER_HZ: /proc's CPU times are in hundredths of a second on every common kernel. */
    long NANOS_PER_TICK = 10_000_000L;

    long cpuNanos();

    static CpuMeter ofThisJvm() {
        return () -> ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static CpuMeter ofProcess(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        return () -> {
            try {
                String line = Files.readString(stat);
                // the command name (field 2) may hold spaces: count fields after its closing parenthesis
                String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        };
    }
}

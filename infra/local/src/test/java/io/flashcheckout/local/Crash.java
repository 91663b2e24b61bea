package io.flashcheckout.local;

/**
 * The function died here: an {@link Error}, so no handler code catches it, as no code outlives a killed process.
 * What was written before it stays written; what would have come after never happens.
 */
final class Crash extends Error {
    Crash(String where) {
        super("simulated crash " + where);
    }
}

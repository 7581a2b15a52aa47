package dev.tidemark.journal;

/** When the writer forces written records to the device. */
public enum ForcePolicy {
    /** After every batch: the safest and the slowest. */
    ALWAYS,
    /** Barriers at once; other records at most one interval after they were written (group commit). */
    INTERVAL,
    /** Never (tests only): survives a killed process, not a power cut. */
    NEVER
}

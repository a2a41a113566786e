import CHTSlib

/// htslib's own messages on stderr are turned off: the library never prints, and every
/// condition htslib would log reaches the caller as an ``InputError`` from the BAM reader.
/// (htslib's log level is process-wide; flt3ar uses htslib for nothing else.)
enum BAMLogging {
    static func silenceHTSlib() {
        hts_set_log_level(HTS_LOG_OFF)
    }
}

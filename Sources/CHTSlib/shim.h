#ifndef CHTSLIB_SHIM_H
#define CHTSLIB_SHIM_H
#include <stdint.h>
#include <htslib/hts.h>
#include <htslib/sam.h>
#include <htslib/bgzf.h>
#include <htslib/hfile.h>
#include <htslib/cram.h>

/// The bam_get_* accessors and sam_itr_next are macros or static inline functions in sam.h,
/// which Swift cannot always call; these wrap them. Pointers are into the record's data and
/// valid until the record is read into again.

/// Read name (NUL-terminated; length core.l_qname - l_extranul - 1).
static inline const uint8_t *chts_qname(const bam1_t *b) { return (const uint8_t *)bam_get_qname(b); }
/// Sequence, 4-bit codes packed two per byte (high nibble first), core.l_qseq bases.
static inline const uint8_t *chts_seq(const bam1_t *b) { return bam_get_seq(b); }
/// Phred qualities (not +33), core.l_qseq bytes; the first is 0xff when absent.
static inline const uint8_t *chts_qual(const bam1_t *b) { return bam_get_qual(b); }

/// Opens a file for reading as a raw hFILE (hopen is variadic).
static inline struct hFILE *chts_hopen_read(const char *path) { return hopen(path, "r"); }

/// Next record of a region iterator: >= 0 read, -1 end, < -1 error.
static inline int chts_itr_next(htsFile *fp, hts_itr_t *itr, bam1_t *b) { return sam_itr_next(fp, itr, b); }

/// Bytes of the underlying file read so far (compressed offset), for progress.
static inline int64_t chts_compressed_offset(htsFile *fp) {
    if (fp == NULL) return 0;
    if (fp->format.format == cram) {
        struct hFILE *h = cram_fd_get_fp(fp->fp.cram);
        return h ? (int64_t)htell(h) : 0;
    }
    if (fp->is_bgzf && fp->fp.bgzf) return (int64_t)fp->fp.bgzf->block_address;
    if (fp->fp.hfile) return (int64_t)htell(fp->fp.hfile);
    return 0;
}

/// Sets the reference FASTA of a CRAM file (hts_set_opt is variadic, which Swift cannot call).
static inline int chts_set_cram_reference(htsFile *fp, const char *fasta) {
    return hts_set_opt(fp, CRAM_OPT_REFERENCE, fasta);
}

/// Decodes only the CRAM fields a FASTQ-style read needs (hts_set_opt is variadic).
static inline int chts_set_cram_fastq_fields(htsFile *fp) {
    return hts_set_opt(fp, CRAM_OPT_REQUIRED_FIELDS,
                       SAM_QNAME | SAM_FLAG | SAM_RNAME | SAM_POS | SAM_CIGAR | SAM_RNEXT | SAM_PNEXT | SAM_SEQ | SAM_QUAL);
}
/// Whether the file's BGZF stream recorded an error (decompression, short read). With threads,
/// htslib may end a read at a bad or truncated block with the end-of-file code and set only this.
static inline int chts_stream_error(htsFile *fp) {
    if (fp == NULL || !fp->is_bgzf || fp->fp.bgzf == NULL) return 0;
    return fp->fp.bgzf->errcode != 0;
}
#endif

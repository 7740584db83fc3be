package dev.latentlab.data;

/**
 * What the loader needs from a JPEG's headers, read straight from the bytes (ImageIO cannot be
 * relied upon for CMYK files): component count, the Adobe APP14 colour transform and the EXIF
 * orientation.
 *
 * @param components     colour components in the frame (1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK), 0 if unknown
 * @param adobe          whether an Adobe APP14 marker is present
 * @param adobeTransform its transform flag: 0 none (RGB/CMYK), 1 YCbCr, 2 YCCK; -1 without marker
 * @param orientation    EXIF orientation 1..8 (1 = as stored)
 */
record JpegInfo(int components, boolean adobe, int adobeTransform, int orientation) {

    static JpegInfo parse(byte[] b) {
        int components = 0;
        boolean adobe = false;
        int transform = -1;
        int orientation = 1;
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            return new JpegInfo(0, false, -1, 1);
        }
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xFF) != 0xFF) {
                p++; // tolerate garbage between segments
                continue;
            }
            int marker = b[p + 1] & 0xFF;
            if (marker == 0xFF) {
                p++; // fill byte
                continue;
            }
            p += 2;
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // no length
            }
            if (marker == 0xD9 || marker == 0xDA) {
                break; // EOI / start of scan: headers are over
            }
            if (p + 2 > b.length) {
                break;
            }
            int len = u16(b, p, true);
            int seg = p + 2; // segment payload
            int end = Math.min(b.length, p + len);
            if (len < 2) {
                break;
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof && seg + 6 <= end) {
                components = b[seg + 5] & 0xFF;
            } else if (marker == 0xEE && seg + 12 <= end && startsWith(b, seg, "Adobe")) {
                adobe = true;
                transform = b[seg + 11] & 0xFF;
            } else if (marker == 0xE1 && seg + 14 <= end && startsWith(b, seg, "Exif\0\0")) {
                orientation = exifOrientation(b, seg + 6, end);
            }
            p += len;
        }
        return new JpegInfo(components, adobe, transform, orientation);
    }

    private static int exifOrientation(byte[] b, int tiff, int end) {
        try {
            boolean big;
            if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
                big = true;
            } else if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
                big = false;
            } else {
                return 1;
            }
            long ifd = u32(b, tiff + 4, big);
            int p = (int) (tiff + ifd);
            if (ifd < 8 || p + 2 > end) {
                return 1;
            }
            int n = u16(b, p, big);
            for (int i = 0; i < n; i++) {
                int e = p + 2 + i * 12;
                if (e + 12 > end) {
                    break;
                }
                if (u16(b, e, big) == 0x0112) {
                    int v = u16(b, e + 8, big);
                    return v >= 1 && v <= 8 ? v : 1;
                }
            }
        } catch (ArrayIndexOutOfBoundsException ignored) {
            // malformed EXIF: ignore it
        }
        return 1;
    }

    private static boolean startsWith(byte[] b, int p, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (p + i >= b.length || b[p + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int p, boolean big) {
        int a = b[p] & 0xFF;
        int c = b[p + 1] & 0xFF;
        return big ? (a << 8) | c : (c << 8) | a;
    }

    private static long u32(byte[] b, int p, boolean big) {
        long hi = u16(b, big ? p : p + 2, big);
        long lo = u16(b, big ? p + 2 : p, big);
        return (hi << 16) | lo;
    }
}

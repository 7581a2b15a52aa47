package dev.tidemark.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Decoding, scaling and re-encoding images off the FX thread (ImageIO, with the TwelveMonkeys
 * WebP reader). Never changes the stored original.
 */
public final class Images {

    private Images() {
    }

    /** An image as it will be sent or shown. */
    public record Encoded(String mediaType, byte[] bytes, int width, int height) {
    }

    /**
     * The image as a service takes it: the original bytes when it is of an accepted type and within
     * {@code maxLongSide}, {@code maxPixels} and {@code maxBytes}; otherwise decoded, scaled down
     * (keeping its proportions) and re-encoded (PNG, or JPEG when PNG would be over {@code maxBytes}).
     *
     * @param accepted the media types the service takes as they are (e.g. WebP only where it is taken)
     */
    public static Encoded fit(byte[] bytes, String mediaType, int maxLongSide, long maxPixels, long maxBytes,
                              Set<String> accepted) throws IOException {
        throw new UnsupportedOperationException("Images.fit: being built (issue 16)");
    }

    /**
     * A PNG thumbnail of an image or a PDF's first page, at most {@code maxSide} pixels on its long
     * side, decoded subsampled (a 20 MB photo is never decoded at full size).
     *
     * @throws java.util.concurrent.CancellationException when {@code cancelled} turned true
     */
    public static Encoded thumbnail(Path file, String mediaType, int maxSide, BooleanSupplier cancelled)
            throws IOException {
        throw new UnsupportedOperationException("Images.thumbnail: being built (issue 16)");
    }
}

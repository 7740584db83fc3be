package dev.latentlab.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {
    @Test
    void anyPngReaderGetsBackEveryPixel() throws Exception {
        int w = 37;
        int h = 23;
        int[] px = new int[w * h];
        Random r = new Random(3);
        for (int i = 0; i < px.length; i++) {
            px[i] = 0xff000000 | r.nextInt(1 << 24);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, px, 0, w);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PngEncoder.write(img, bytes);

        BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(w, back.getWidth());
        assertEquals(h, back.getHeight());
        assertArrayEquals(px, back.getRGB(0, 0, w, h, null, 0, w));
    }
}

package onego.server.pages;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.util.Map;

/**
 * A QR code as SVG (ZXing encodes, this draws): one square per dark module on a white ground with the
 * standard four-module quiet zone, error correction level M, text in UTF-8. Used for the case link on the
 * acceptance receipt (受理回执), which a phone camera opens.
 */
public final class QrSvg {
  /** The longest text accepted: a case link is about 80 characters; QR level M holds far more, but nobody needs it here. */
  public static final int MAX_TEXT = 512;

  private QrSvg() {}

  /** The SVG document for {@code text} (1 to {@link #MAX_TEXT} characters). */
  public static String of(String text) {
    BitMatrix m;
    try {
      m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
          Map.of(EncodeHintType.MARGIN, 4, EncodeHintType.CHARACTER_SET, "UTF-8", EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M));
    } catch (WriterException e) {
      throw new IllegalArgumentException("text does not fit a QR code", e);
    }
    int w = m.getWidth();
    int h = m.getHeight();
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < h; y++) {
      int x = 0;
      while (x < w) {
        if (!m.get(x, y)) { x++; continue; }
        int start = x;
        while (x < w && m.get(x, y)) x++;
        path.append('M').append(start).append(' ').append(y).append('h').append(x - start).append("v1h-").append(x - start).append('z');
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + h + "\" shape-rendering=\"crispEdges\">"
        + "<rect width=\"" + w + "\" height=\"" + h + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
  }
}

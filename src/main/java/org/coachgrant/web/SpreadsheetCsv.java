package org.coachgrant.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV a spreadsheet opens correctly and safely: UTF-8 with a byte-order mark (so Excel reads "£" and
 * accents), every cell quoted, and a cell that begins with =, +, -, @, tab or carriage return prefixed
 * with an apostrophe, so that it is shown as text and never run as a formula (CSV injection).
 */
public final class SpreadsheetCsv {

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final StringBuilder text = new StringBuilder();

  public SpreadsheetCsv row(List<?> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append('"').append(neutralised(cells.get(i) == null ? "" : cells.get(i).toString()).replace("\"", "\"\"")).append('"');
    }
    text.append("\r\n");
    return this;
  }

  public byte[] bytes() {
    byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[BOM.length + body.length];
    System.arraycopy(BOM, 0, all, 0, BOM.length);
    System.arraycopy(body, 0, all, BOM.length, body.length);
    return all;
  }

  static String neutralised(String cell) {
    if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
      return "'" + cell;
    }
    return cell;
  }
}

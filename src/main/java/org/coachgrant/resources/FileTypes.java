package org.coachgrant.resources;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.coachgrant.forms.InvalidInputException;

/**
 * The kinds of file a session may carry, told apart by their content (their first bytes, and for Office documents
 * the parts their zip holds), never by the name or the Content-Type the browser sent. The name's ending must agree
 * with the content: a PDF named {@code .png} is refused. The old Office formats (doc, xls, ppt) are refused: they
 * carry macros and one cannot be told from another without parsing the whole file; nor is a macro-enabled document
 * taken under a plain name (a {@code vbaProject.bin} inside).
 */
final class FileTypes {

  record Kind(String name, String contentType, List<String> endings) {}

  static final Kind PDF = new Kind("PDF", "application/pdf", List.of("pdf"));
  static final Kind PNG = new Kind("PNG image", "image/png", List.of("png"));
  static final Kind JPEG = new Kind("JPEG image", "image/jpeg", List.of("jpg", "jpeg"));
  static final Kind GIF = new Kind("GIF image", "image/gif", List.of("gif"));
  static final Kind WEBP = new Kind("WebP image", "image/webp", List.of("webp"));
  static final Kind DOCX = new Kind("Word document",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document", List.of("docx"));
  static final Kind XLSX = new Kind("Excel workbook",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", List.of("xlsx"));
  static final Kind PPTX = new Kind("PowerPoint presentation",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation", List.of("pptx"));

  static final List<Kind> ALL = List.of(PDF, DOCX, XLSX, PPTX, PNG, JPEG, GIF, WEBP);

  /** What the page's file input offers and the refusal lists. */
  static final String ENDINGS = ".pdf, .docx, .xlsx, .pptx, .png, .jpg, .jpeg, .gif, .webp";

  private FileTypes() {}

  /** The kind of {@code content}, if its name's ending agrees with it; a 400 on the field {@code file} otherwise. */
  static Kind check(String fileName, byte[] content) {
    String ending = ending(fileName);
    Kind named = ALL.stream().filter(k -> k.endings().contains(ending)).findFirst().orElse(null);
    if (named == null) {
      throw new InvalidInputException("file", "must be a PDF, an Office document (Word, Excel, PowerPoint) or an image,"
          + " with a name ending " + ENDINGS);
    }
    Kind found = detect(content).orElse(null);
    if (found == null) {
      throw new InvalidInputException("file", "is not a " + named.name() + " inside, though its name ends ." + ending
          + ": only PDFs, Office documents (docx, xlsx, pptx) and images (PNG, JPEG, GIF, WebP) are taken");
    }
    if (found != named) {
      throw new InvalidInputException("file", "is a " + found.name() + " inside but its name ends ." + ending
          + ": rename it to end ." + found.endings().get(0) + " and upload it again");
    }
    return found;
  }

  static Optional<Kind> detect(byte[] b) {
    if (startsWith(b, "%PDF-".getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of(PDF);
    }
    if (startsWith(b, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) {
      return Optional.of(PNG);
    }
    if (startsWith(b, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
      return Optional.of(JPEG);
    }
    if (startsWith(b, "GIF87a".getBytes(StandardCharsets.US_ASCII)) || startsWith(b, "GIF89a".getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of(GIF);
    }
    if (b.length >= 12 && startsWith(b, "RIFF".getBytes(StandardCharsets.US_ASCII))
        && new String(b, 8, 4, StandardCharsets.US_ASCII).equals("WEBP")) {
      return Optional.of(WEBP);
    }
    if (startsWith(b, new byte[] {'P', 'K', 3, 4})) {
      return office(zipNames(b));
    }
    return Optional.empty();
  }

  /** An Office Open XML document by its parts: its content types, and the main part of one kind only. */
  private static Optional<Kind> office(Set<String> names) {
    if (!names.contains("[Content_Types].xml") || names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).endsWith("vbaproject.bin"))) {
      return Optional.empty();
    }
    boolean word = names.contains("word/document.xml");
    boolean excel = names.contains("xl/workbook.xml");
    boolean powerPoint = names.contains("ppt/presentation.xml");
    if ((word ? 1 : 0) + (excel ? 1 : 0) + (powerPoint ? 1 : 0) != 1) {
      return Optional.empty();
    }
    return Optional.of(word ? DOCX : excel ? XLSX : PPTX);
  }

  /**
   * The names in a zip's central directory, read without inflating anything (a zip bomb costs nothing here); an
   * empty set for a zip that is not whole.
   */
  static Set<String> zipNames(byte[] b) {
    Set<String> names = new HashSet<>();
    int end = -1;
    // the end-of-central-directory record: in the last 22 bytes plus a comment of at most 65,535
    for (int i = b.length - 22; i >= Math.max(0, b.length - 22 - 65_535); i--) {
      if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) {
        end = i;
        break;
      }
    }
    if (end < 0) {
      return names;
    }
    int entries = u16(b, end + 10);
    long offset = u32(b, end + 16);
    int p = (int) Math.min(offset, Integer.MAX_VALUE);
    for (int n = 0; n < entries; n++) {
      if (p < 0 || p + 46 > b.length || !(b[p] == 'P' && b[p + 1] == 'K' && b[p + 2] == 1 && b[p + 3] == 2)) {
        return Set.of();
      }
      int nameLength = u16(b, p + 28);
      int extra = u16(b, p + 30);
      int comment = u16(b, p + 32);
      if (p + 46 + nameLength > b.length) {
        return Set.of();
      }
      names.add(new String(b, p + 46, nameLength, StandardCharsets.UTF_8));
      p += 46 + nameLength + extra + comment;
    }
    return names;
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
  }

  private static long u32(byte[] b, int i) {
    return u16(b, i) | (long) u16(b, i + 2) << 16;
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static String ending(String fileName) {
    String name = fileName == null ? "" : fileName;
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).strip().toLowerCase(Locale.ROOT);
  }

  /**
   * The name a download is given: the uploader's name with only letters, digits, spaces, dots, hyphens and
   * underscores left (no path, no quotes, no control characters), at most 100 characters, ending as its kind does.
   */
  static String safeName(String fileName, String title, Kind kind) {
    String name = fileName == null ? "" : fileName.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    String stem = (dot < 0 ? name : name.substring(0, dot)).replaceAll("[^A-Za-z0-9 ._-]", "_").replaceAll("^[ ._]+", "")
        .replaceAll("_{2,}", "_").strip();
    if (stem.isEmpty()) {
      stem = title.replaceAll("[^A-Za-z0-9 _-]", "_").strip();
    }
    if (stem.isEmpty()) {
      stem = "resource";
    }
    if (stem.length() > 100) {
      stem = stem.substring(0, 100).strip();
    }
    return stem + "." + kind.endings().get(0);
  }
}

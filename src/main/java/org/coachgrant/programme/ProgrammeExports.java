package org.coachgrant.programme;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.coachgrant.web.SpreadsheetCsv;
import org.coachgrant.format.WebFormat;
import org.coachgrant.web.Workspace;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * What a finance team and a funder ask for: the grant register and the attendance register as CSV, and
 * the programme summary report as PDF (OpenPDF). For coordinators and administrators.
 */
@Controller
class ProgrammeExports {

  private static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

  private final ProgrammeRepository programmes;
  private final ProgrammeFigures figures;
  private final Workspace workspace;
  private final WebFormat fmt;

  ProgrammeExports(ProgrammeRepository programmes, ProgrammeFigures figures, Workspace workspace, WebFormat fmt) {
    this.programmes = programmes;
    this.figures = figures;
    this.workspace = workspace;
    this.fmt = fmt;
  }

  @GetMapping("/programmes/{code}/grants.csv")
  ResponseEntity<byte[]> grants(@PathVariable String code) {
    workspace.coordinator();
    Programme programme = programme(code);
    SpreadsheetCsv csv = new SpreadsheetCsv().row(List.of("Setting", "URN", "Grant reference", "Amount (GBP)", "Approved by",
        "Committed", "Released", "Status"));
    for (ProgrammeFigures.GrantRow g : figures.grants(programme.id())) {
      csv.row(List.of(g.settingName(), g.urn(), g.reference(), g.amount().toPlainString(), g.approvers(),
          fmt.date(g.committedAt(), programme.timeZone()), fmt.date(g.releasedAt(), programme.timeZone()), g.status().toLowerCase(java.util.Locale.ROOT)));
    }
    return download(csv.bytes(), CSV, code + "-grants.csv");
  }

  @GetMapping("/programmes/{code}/attendance.csv")
  ResponseEntity<byte[]> attendance(@PathVariable String code) {
    workspace.coordinator();
    Programme programme = programme(code);
    SpreadsheetCsv csv = new SpreadsheetCsv().row(List.of("Setting", "URN", "Group", "Session", "Starts", "Session status",
        "Attendance"));
    for (ProgrammeFigures.AttendanceRow a : figures.attendanceRegister(programme.id())) {
      csv.row(List.of(a.settingName(), a.urn(), a.groupNumber(), a.sessionNumber(), fmt.dayTime(a.startsAt(), programme.timeZone()),
          a.status().toLowerCase(java.util.Locale.ROOT), a.attended()));
    }
    return download(csv.bytes(), CSV, code + "-attendance.csv");
  }

  @GetMapping("/programmes/{code}/coaching.csv")
  ResponseEntity<byte[]> coaching(@PathVariable String code) {
    workspace.coordinator();
    Programme programme = programme(code);
    SpreadsheetCsv csv = new SpreadsheetCsv().row(List.of("Group", "Coach", "Hours recorded", "Hours planned",
        "Feedback responses", "Average rating (of 5)", "Coaching goals set", "Goals achieved by session 3"));
    for (ProgrammeFigures.CoachingRow r : figures.coachingByGroup(programme.id(), workspace.viewerId())) {
      csv.row(List.of(r.label(), r.coach(), ProgrammeFigures.hours(r.recordedMinutes()), ProgrammeFigures.hours(r.plannedMinutes()),
          r.responses(), r.average() == null ? "" : r.average().toPlainString(),
          r.goalsSet(), r.goalsAchieved()));
    }
    return download(csv.bytes(), CSV, code + "-coaching.csv");
  }

  @GetMapping("/programmes/{code}/report.pdf")
  ResponseEntity<byte[]> report(@PathVariable String code) {
    workspace.coordinator();
    Programme programme = programme(code);
    ByteArrayOutputStream pdf = new ByteArrayOutputStream();
    Document document = new Document(PageSize.A4, 48, 48, 48, 48);
    PdfWriter.getInstance(document, pdf);
    document.addTitle(programme.name() + ": programme report");
    document.open();
    Font title = new Font(Font.HELVETICA, 18, Font.BOLD);
    Font heading = new Font(Font.HELVETICA, 13, Font.BOLD);
    Font body = new Font(Font.HELVETICA, 10);
    document.add(new Paragraph(programme.name(), title));
    document.add(new Paragraph(programme.code() + " · plans due by " + fmt.date(programme.planDeadline())
        + " · at most " + fmt.money(programme.grantCap()) + " a setting", body));

    document.add(new Paragraph("From enrolment to grant", heading));
    PdfPTable funnel = table(2, body, "Stage", "Settings");
    figures.funnel(programme.id(), workspace.viewerId()).forEach(step -> cells(funnel, body, step.stage().label(), fmt.number(step.count())));
    document.add(funnel);

    ProgrammeFigures.Budget budget = figures.budget(programme.id());
    document.add(new Paragraph("Budget", heading));
    PdfPTable money = table(2, body, "", "Amount");
    cells(money, body, "Total", fmt.money(budget.total()));
    cells(money, body, "Committed", fmt.money(budget.committed()));
    cells(money, body, "Released", fmt.money(budget.released()));
    cells(money, body, "Remaining", fmt.money(budget.remaining()));
    document.add(money);

    document.add(new Paragraph("Attendance", heading));
    PdfPTable attendance = table(4, body, "Group", "Session", "When", "Attended of expected");
    var attended = figures.attendance(programme.id(), workspace.viewerId());
    attended.forEach(a -> cells(attendance, body, String.valueOf(a.groupNumber()),
        String.valueOf(a.sessionNumber()), fmt.dayTime(a.startsAt(), programme.timeZone()),
        fmt.number(a.attended()) + " of " + fmt.number(a.expected())));
    // a table of headers alone is not drawn at all: say there is nothing yet instead
    document.add(attended.isEmpty() ? new Paragraph("No session has taken place yet.", body) : attendance);

    document.add(new Paragraph("Session feedback", heading));
    PdfPTable feedback = table(4, body, "Group", "Session", "Responses", "Average (of 5)");
    var answers = figures.feedback(programme.id(), workspace.viewerId());
    answers.forEach(f -> cells(feedback, body, String.valueOf(f.groupNumber()),
        String.valueOf(f.sessionNumber()), String.valueOf(f.responses()), String.valueOf(f.average())));
    document.add(answers.isEmpty() ? new Paragraph("No feedback has been given yet.", body) : feedback);

    ProgrammeFigures.CoachingHours hours = figures.coachingHours(programme.id());
    document.add(new Paragraph("Coaching hours", heading));
    document.add(new Paragraph(hours.recorded() + " recorded of " + hours.planned() + " planned (" + hours.percent()
        + "%), for " + fmt.count(hours.groups(), "group", "groups")
        + ": each group's sessions with an hour's preparation for each. Coaches' notes are private and never reported.", body));
    var byGroup = figures.coachingByGroup(programme.id(), workspace.viewerId());
    document.add(new Paragraph(ProgrammeFigures.goalsLine(byGroup), body));
    for (String by : List.of("group", "coach")) {
      PdfPTable coaching = table(6, body, by.equals("group") ? "Group" : "Coach", by.equals("group") ? "Coach" : "Groups",
          "Hours recorded", "Hours planned", "Feedback (responses, average of 5)", "Coaching goals (set, achieved by session 3)");
      var rows = by.equals("group") ? byGroup : figures.coachingByCoach(programme.id(), workspace.viewerId());
      rows.forEach(r -> cells(coaching, body, r.label(), by.equals("group") ? r.coach() : fmt.number(r.groups()),
          r.recorded(), r.planned(), fmt.number(r.responses()) + (r.average() == null ? "" : ", " + r.average()),
          fmt.number(r.goalsSet()) + ", " + fmt.number(r.goalsAchieved())));
      if (!rows.isEmpty()) {
        document.add(coaching);
      }
    }
    document.close();
    return download(pdf.toByteArray(), MediaType.APPLICATION_PDF, code + "-report.pdf");
  }

  private static PdfPTable table(int columns, Font font, String... headers) {
    PdfPTable table = new PdfPTable(columns);
    table.setWidthPercentage(100);
    table.setSpacingBefore(6);
    table.setSpacingAfter(12);
    table.setHeaderRows(1);
    Font bold = new Font(font.getFamily(), font.getSize(), Font.BOLD);
    for (String header : headers) {
      table.addCell(new PdfPCell(new Phrase(header, bold)));
    }
    return table;
  }

  private static void cells(PdfPTable table, Font font, String... values) {
    for (String value : values) {
      PdfPCell cell = new PdfPCell(new Phrase(value, font));
      cell.setHorizontalAlignment(Element.ALIGN_LEFT);
      table.addCell(cell);
    }
  }

  private static ResponseEntity<byte[]> download(byte[] body, MediaType type, String fileName) {
    return ResponseEntity.ok().contentType(type)
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build().toString())
        .body(body);
  }

  private Programme programme(String code) {
    return programmes.findProgrammeByCode(code).orElseThrow(() -> Workspace.notFound("No programme " + code));
  }
}

using System.Globalization;
using System.Text;
using Beacon.Features.Certificates;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PdfSharp.Pdf;

namespace Beacon.Features.Reports;

public enum ReportFormat
{
    Csv,
    Xlsx,
    Pdf,
}

/// <summary>The facts printed with every report: what it is, for whom, as of when, and the hash of its rows.</summary>
public sealed record ReportFacts(string Title, string Practice, string Date, string Filters, string GeneratedAt, int Rows, string Sha256)
{
    public IReadOnlyList<(string Label, string Value)> Lines =>
    [
        ("Report", Title),
        ("Practice", Practice),
        ("Date", Date),
        ("Filters", Filters),
        ("Generated at", GeneratedAt),
        ("Rows", Rows.ToString(CultureInfo.InvariantCulture)),
        ("Data SHA-256", Sha256),
    ];
}

/// <summary>
/// Writes a point-in-time report as CSV, XLSX or PDF while its rows are evaluated: rows go out as they come,
/// and the facts block (with the hash, known only at the end) is written last. The CSV goes straight to the
/// response; the workbook and the PDF are written to a file first (their formats need a seekable stream or a
/// page count), never to memory as a whole.
/// </summary>
public static class ReportFiles
{
    public static string ContentType(ReportFormat format) => format switch
    {
        ReportFormat.Csv => "text/csv; charset=utf-8",
        ReportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/pdf",
    };

    public static string Extension(ReportFormat format) => format.ToString().ToLowerInvariant();

    public static string FileName(PointInTimeReport report, ReportFormat format) =>
        PdfLayout.SafeFileName(Extension(format), "beacon-status", report.Filter.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.PracticeName);

    public static string Title(PointInTimeReport report) =>
        $"Everyone's training status on {report.Filter.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public static async Task<ReportFacts> WriteAsync(ReportFormat format, PointInTimeReport report, Stream output, DateTime generatedAtUtc, Action<int>? peopleDone, CancellationToken cancellationToken) =>
        format switch
        {
            ReportFormat.Csv => await WriteCsvAsync(report, output, generatedAtUtc, peopleDone, cancellationToken),
            ReportFormat.Xlsx => await WriteXlsxAsync(report, output, generatedAtUtc, peopleDone, cancellationToken),
            _ => await WritePdfAsync(report, output, generatedAtUtc, peopleDone, cancellationToken),
        };

    private static ReportFacts Facts(PointInTimeReport report, DateTime generatedAtUtc, int rows, string sha256) => new(
        Title(report),
        report.PracticeName,
        $"{report.Filter.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, end of day ({report.Clock.ZoneName}): counts only what was recorded before {report.Clock.Format(report.CutoffUtc)}",
        report.FilterText(),
        report.Clock.Format(generatedAtUtc),
        rows,
        sha256);

    /// <summary>UTF-8 with a byte order mark (Excel then reads accents right), CRLF, the data table first and the facts after one blank line.</summary>
    public static async Task<ReportFacts> WriteCsvAsync(PointInTimeReport report, Stream output, DateTime generatedAtUtc, Action<int>? peopleDone, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024, leaveOpen: true);
        writer.NewLine = "\r\n";
        using var hash = new ReportHash();
        await writer.WriteLineAsync(string.Join(',', ReportRow.Headings.Select(Csv.SafeField)));
        await foreach (var row in report.RowsAsync(peopleDone, cancellationToken))
        {
            hash.Add(row);
            await writer.WriteLineAsync(string.Join(',', row.Cells().Select(Csv.SafeField)));
        }
        var facts = Facts(report, generatedAtUtc, hash.Rows, hash.Finish());
        await writer.WriteLineAsync();
        foreach (var (label, value) in facts.Lines)
        {
            await writer.WriteLineAsync(Csv.SafeField(label) + "," + Csv.SafeField(value));
        }
        await writer.FlushAsync(cancellationToken);
        return facts;
    }

    /// <summary>Two sheets: "Report" (the rows, written with OpenXmlWriter as they come) and "About" (the facts).</summary>
    public static async Task<ReportFacts> WriteXlsxAsync(PointInTimeReport report, Stream output, DateTime generatedAtUtc, Action<int>? peopleDone, CancellationToken cancellationToken)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        var data = workbook.AddNewPart<WorksheetPart>();
        using var hash = new ReportHash();
        using (var writer = OpenXmlWriter.Create(data))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetViews());
            // The heading row stays in view while scrolling.
            writer.WriteStartElement(new SheetView { WorkbookViewId = 0 });
            writer.WriteElement(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteStartElement(new SheetData());
            WriteRow(writer, ReportRow.Headings);
            await foreach (var row in report.RowsAsync(peopleDone, cancellationToken))
            {
                hash.Add(row);
                WriteRow(writer, row.Cells());
            }
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        var facts = Facts(report, generatedAtUtc, hash.Rows, hash.Finish());
        var about = workbook.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(about))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            foreach (var (label, value) in facts.Lines)
            {
                WriteRow(writer, [label, value]);
            }
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        workbook.Workbook = new Workbook(new Sheets(
            new Sheet { Id = workbook.GetIdOfPart(data), SheetId = 1, Name = "Report" },
            new Sheet { Id = workbook.GetIdOfPart(about), SheetId = 2, Name = "About" }));
        workbook.Workbook.Save();
        return facts;
    }

    /// <summary>Inline strings: every value is text as shown (no formulas, so nothing in a cell can run).</summary>
    private static void WriteRow(OpenXmlWriter writer, IEnumerable<string> cells)
    {
        writer.WriteStartElement(new Row());
        foreach (var value in cells)
        {
            writer.WriteElement(new Cell
            {
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new Text(XmlSafe(value)) { Space = SpaceProcessingModeValues.Preserve }),
            });
        }
        writer.WriteEndElement();
    }

    /// <summary>Characters XML cannot hold at all (control characters from a pasted name) are dropped.</summary>
    private static string XmlSafe(string value) =>
        value.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')) ? new string(value.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r').ToArray()) : value;

    public static async Task<ReportFacts> WritePdfAsync(PointInTimeReport report, Stream output, DateTime generatedAtUtc, Action<int>? peopleDone, CancellationToken cancellationToken)
    {
        using var document = new PdfDocument();
        document.Info.Title = Title(report) + ", " + report.PracticeName;
        document.Info.Creator = "Beacon";
        using var hash = new ReportHash();
        var pdf = new ReportPdf(document);
        try
        {
            await foreach (var row in report.RowsAsync(peopleDone, cancellationToken))
            {
                hash.Add(row);
                pdf.Row(row);
            }
            if (hash.Rows == 0)
            {
                pdf.Empty();
            }
        }
        finally
        {
            pdf.Close();
        }
        var facts = Facts(report, generatedAtUtc, hash.Rows, hash.Finish());
        ReportPdf.Finish(document, facts);
        document.Save(output, false);
        return facts;
    }
}

using System.Globalization;
using Beacon.Features.Certificates;
using Beacon.Features.Roster;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Beacon.Features.Transcripts;

/// <summary>
/// The transcript as a PDF for a personnel file or a surveyor: portrait Letter, tables that continue on
/// further pages (headings repeated), and the time it was generated on every page.
/// </summary>
public static class TranscriptDocument
{
    private const double PageWidth = 612;
    private const double PageHeight = 792;
    private const double Margin = 48;
    private const double Bottom = PageHeight - 62;
    private const double CellPadding = 3;
    private const double LineHeight = 11;

    private static readonly XColor Navy = XColor.FromArgb(0x12, 0x3a, 0x6b);
    private static readonly XColor Grey = XColor.FromArgb(0x44, 0x44, 0x44);
    private static readonly XColor Rule = XColor.FromArgb(0xbb, 0xbb, 0xbb);
    private static readonly XColor HeaderFill = XColor.FromArgb(0xe8, 0xee, 0xf5);

    private sealed record Column(string Heading, double Width);

    public static byte[] Render(Transcript transcript, DateTime generatedAtUtc)
    {
        using var document = new PdfDocument();
        document.Info.Title = $"Training transcript of {transcript.Name}";
        document.Info.Creator = "Beacon";
        var generated = transcript.Clock.Format(generatedAtUtc);
        var writer = new Writer(document);
        try
        {
            writer.Heading(transcript, generated);
            writer.Section("Completions and certificates");
            writer.Table(
                [new("Completed", 64), new("Course", 148), new("Track", 96), new("How", 58), new("CE hours", 40), new("Certificate", 110)],
                [.. transcript.Completions.Select(c => new[]
                {
                    PdfLayout.ShortDate(c.CompletedOn),
                    $"{c.CourseTitle} (version {c.Version})",
                    c.TrackTitle,
                    CertificateRecords.BasisText(c.Basis),
                    PdfLayout.Hours(c.CeHours),
                    c.Certificate is null ? "None" : $"{c.Certificate.Number}\n{CertificateStatus(c.Certificate, transcript)}",
                })],
                "No completed courses yet.");
            writer.Section("Post-test attempts");
            writer.Table(
                [new("Date", 126), new("Course", 160), new("Track", 104), new("Score", 80), new("Result", 46)],
                [.. transcript.PostTests.Select(a => new[]
                {
                    transcript.Clock.Format(a.SubmittedAt),
                    $"{a.CourseTitle} (version {a.Version})",
                    a.TrackTitle,
                    Score(a),
                    a.Passed == true ? "Passed" : "Not passed",
                })],
                "No post-test attempts yet.");
            writer.Section("Pre-test attempts");
            writer.Table(
                [new("Date", 126), new("Course", 190), new("Track", 120), new("Score", 80)],
                [.. transcript.PreTests.Select(a => new[] { transcript.Clock.Format(a.SubmittedAt), $"{a.CourseTitle} (version {a.Version})", a.TrackTitle, Score(a) })],
                "No pre-test attempts yet. The pre-test is optional and does not count toward completion.");
        }
        finally
        {
            writer.Close();
        }

        // Footers last, once the page count is known.
        var footer = new XFont(DejaVuFonts.Sans, 7.5);
        for (var i = 0; i < document.PageCount; i++)
        {
            using var graphics = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            graphics.DrawLine(new XPen(Rule, 0.5), Margin, PageHeight - 44, PageWidth - Margin, PageHeight - 44);
            graphics.DrawString($"Training transcript of {transcript.Name}, {transcript.PracticeName}. Generated {generated} by Beacon.",
                footer, new XSolidBrush(Grey), Margin, PageHeight - 32);
            graphics.DrawString(string.Create(CultureInfo.InvariantCulture, $"Page {i + 1} of {document.PageCount}"),
                footer, new XSolidBrush(Grey), new XRect(Margin, PageHeight - 32, PageWidth - 2 * Margin, 0), XStringFormats.BaseLineRight);
        }
        return PdfLayout.Save(document);
    }

    public static string Score(TranscriptAttempt attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{attempt.Score} of {attempt.QuestionCount} ({attempt.Percent}%)");

    public static string CertificateStatus(TranscriptCertificate certificate, Transcript transcript) =>
        certificate.RevokedAt is { } revoked ? $"Revoked {transcript.Clock.FormatDate(revoked)}" : "Valid";

    /// <summary>Writes down the page and starts a new one when the next row would not fit.</summary>
    private sealed class Writer(PdfDocument document)
    {
        private readonly XFont _cell = new(DejaVuFonts.Sans, 8.5);
        private readonly XFont _head = new(DejaVuFonts.Sans, 8.5, XFontStyleEx.Bold);
        private readonly XFont _section = new(DejaVuFonts.Sans, 12, XFontStyleEx.Bold);
        private XGraphics? _graphics;
        private double _y;

        private XGraphics Graphics => _graphics ?? NewPage();

        public void Heading(Transcript transcript, string generated)
        {
            var g = Graphics;
            g.DrawString("Training transcript", new XFont(DejaVuFonts.Serif, 22), new XSolidBrush(Navy), Margin, _y + 20);
            _y += 44;
            g.DrawString(transcript.Name, new XFont(DejaVuFonts.Sans, 14, XFontStyleEx.Bold), XBrushes.Black, Margin, _y);
            _y += 18;
            var info = new XFont(DejaVuFonts.Sans, 9.5);
            var grey = new XSolidBrush(Grey);
            string[] lines =
            [
                $"{JobRoles.NameOf(transcript.JobRole)}, {transcript.PracticeName}{(transcript.Active ? "" : " (no longer active on the roster)")}",
                $"Total CE hours: {PdfLayout.Hours(transcript.TotalCeHours)} (revoked certificates not counted)",
                $"Generated {generated}",
            ];
            foreach (var line in lines)
            {
                g.DrawString(line, info, grey, Margin, _y);
                _y += 13;
            }
            _y += 6;
        }

        public void Section(string title)
        {
            // A section heading never sits alone at the foot of a page.
            if (_y + 60 > Bottom)
            {
                NewPage();
            }
            _y += 14;
            Graphics.DrawString(title, _section, new XSolidBrush(Navy), Margin, _y);
            _y += 8;
        }

        public void Table(IReadOnlyList<Column> columns, IReadOnlyList<string[]> rows, string empty)
        {
            if (rows.Count == 0)
            {
                _y += 4;
                Graphics.DrawString(empty, _cell, new XSolidBrush(Grey), Margin, _y + LineHeight);
                _y += LineHeight + 6;
                return;
            }
            HeaderRow(columns);
            foreach (var row in rows)
            {
                var cells = columns.Select((c, i) => PdfLayout.Wrap(Graphics, row[i], _cell, c.Width - 2 * CellPadding)).ToList();
                var height = cells.Max(c => c.Count) * LineHeight + 2 * CellPadding;
                if (_y + height > Bottom)
                {
                    NewPage();
                    HeaderRow(columns);
                }
                DrawRow(columns, cells, _cell, XBrushes.Black, height, fill: null);
            }
            _y += 4;
        }

        public void Close() => _graphics?.Dispose();

        private void HeaderRow(IReadOnlyList<Column> columns)
        {
            var cells = columns.Select(c => PdfLayout.Wrap(Graphics, c.Heading, _head, c.Width - 2 * CellPadding)).ToList();
            var height = cells.Max(c => c.Count) * LineHeight + 2 * CellPadding;
            DrawRow(columns, cells, _head, XBrushes.Black, height, new XSolidBrush(HeaderFill));
        }

        private void DrawRow(IReadOnlyList<Column> columns, IReadOnlyList<IReadOnlyList<string>> cells, XFont font, XBrush brush, double height, XBrush? fill)
        {
            var g = Graphics;
            var x = Margin;
            var width = columns.Sum(c => c.Width);
            if (fill is not null)
            {
                g.DrawRectangle(fill, x, _y, width, height);
            }
            for (var i = 0; i < columns.Count; i++)
            {
                var lineY = _y + CellPadding + LineHeight - 2.5;
                foreach (var line in cells[i])
                {
                    g.DrawString(line, font, brush, x + CellPadding, lineY);
                    lineY += LineHeight;
                }
                x += columns[i].Width;
            }
            g.DrawLine(new XPen(Rule, 0.5), Margin, _y + height, Margin + width, _y + height);
            _y += height;
        }

        private XGraphics NewPage()
        {
            _graphics?.Dispose();
            _graphics = XGraphics.FromPdfPage(PdfLayout.AddLetterPage(document, landscape: false));
            _y = Margin;
            return _graphics;
        }
    }
}

using System.Globalization;
using Beacon.Features.Certificates;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Beacon.Features.Reports;

/// <summary>
/// The point-in-time report as a landscape Letter PDF: the rows in a table whose headings repeat on every page,
/// the facts (with the hash) on the first page, and the hash and page number in every footer. The facts are
/// drawn last, into space kept free on the first page, because the hash is known only after the last row.
/// </summary>
internal sealed class ReportPdf(PdfDocument document)
{
    private const double PageWidth = 792;
    private const double PageHeight = 612;
    private const double Margin = 36;
    private const double FactsHeight = 128;
    private const double Bottom = PageHeight - 52;
    private const double CellPadding = 2.5;
    private const double LineHeight = 9.5;

    private static readonly XColor Navy = XColor.FromArgb(0x12, 0x3a, 0x6b);
    private static readonly XColor Grey = XColor.FromArgb(0x44, 0x44, 0x44);
    private static readonly XColor Rule = XColor.FromArgb(0xbb, 0xbb, 0xbb);
    private static readonly XColor HeaderFill = XColor.FromArgb(0xe8, 0xee, 0xf5);

    // The staff id is in the CSV and workbook (and in the hash); on paper the name identifies the person.
    private static readonly (string Heading, double Width, int Cell)[] Columns =
    [
        ("Person", 112, 0), ("Role", 82, 2), ("Site", 70, 3), ("Requirement", 100, 4), ("Status", 50, 5),
        ("Due date", 54, 6), ("Last completed", 54, 7), ("Explanation", 198, 8),
    ];

    private readonly XFont _cell = new(DejaVuFonts.Sans, 7.5);
    private readonly XFont _head = new(DejaVuFonts.Sans, 7.5, XFontStyleEx.Bold);
    private XGraphics? _graphics;
    private double _y;

    private XGraphics Graphics => _graphics ?? NewPage();

    public void Row(ReportRow row)
    {
        var values = row.Cells();
        var cells = Columns.Select(c => PdfLayout.Wrap(Graphics, values[c.Cell], _cell, c.Width - 2 * CellPadding)).ToList();
        var height = cells.Max(c => c.Count) * LineHeight + 2 * CellPadding;
        if (_y + height > Bottom)
        {
            NewPage();
        }
        Draw(cells, _cell, height, fill: null);
    }

    public void Empty()
    {
        Graphics.DrawString("No one on the roster had a requirement that applied on this day (with these filters).", _cell, new XSolidBrush(Grey), Margin, _y + LineHeight);
    }

    public void Close() => _graphics?.Dispose();

    /// <summary>The facts on page 1 and a footer with the hash on every page, once everything else is drawn.</summary>
    public static void Finish(PdfDocument document, ReportFacts facts)
    {
        if (document.PageCount == 0)
        {
            PdfLayout.AddLetterPage(document, landscape: true);
        }
        using (var g = XGraphics.FromPdfPage(document.Pages[0], XGraphicsPdfPageOptions.Append))
        {
            g.DrawString(facts.Title, new XFont(DejaVuFonts.Serif, 18), new XSolidBrush(Navy), Margin, Margin + 16);
            var label = new XFont(DejaVuFonts.Sans, 8.5, XFontStyleEx.Bold);
            var value = new XFont(DejaVuFonts.Sans, 8.5);
            var y = Margin + 36;
            foreach (var (name, text) in facts.Lines.Skip(1))
            {
                g.DrawString(name, label, XBrushes.Black, Margin, y);
                g.DrawString(text, value, XBrushes.Black, Margin + 80, y);
                y += 12;
            }
        }
        var footer = new XFont(DejaVuFonts.Sans, 7);
        for (var i = 0; i < document.PageCount; i++)
        {
            using var g = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            g.DrawLine(new XPen(Rule, 0.5), Margin, PageHeight - 40, PageWidth - Margin, PageHeight - 40);
            g.DrawString($"{facts.Practice}, {facts.Title}. Generated {facts.GeneratedAt} by Beacon. Data SHA-256: {facts.Sha256}",
                footer, new XSolidBrush(Grey), Margin, PageHeight - 29);
            g.DrawString(string.Create(CultureInfo.InvariantCulture, $"Page {i + 1} of {document.PageCount}"),
                footer, new XSolidBrush(Grey), new XRect(Margin, PageHeight - 19, PageWidth - 2 * Margin, 0), XStringFormats.BaseLineRight);
        }
    }

    private void Draw(IReadOnlyList<IReadOnlyList<string>> cells, XFont font, double height, XBrush? fill)
    {
        var g = Graphics;
        var x = Margin;
        var width = Columns.Sum(c => c.Width);
        if (fill is not null)
        {
            g.DrawRectangle(fill, x, _y, width, height);
        }
        for (var i = 0; i < Columns.Length; i++)
        {
            var lineY = _y + CellPadding + LineHeight - 2.5;
            foreach (var line in cells[i])
            {
                g.DrawString(line, font, XBrushes.Black, x + CellPadding, lineY);
                lineY += LineHeight;
            }
            x += Columns[i].Width;
        }
        g.DrawLine(new XPen(Rule, 0.5), Margin, _y + height, Margin + width, _y + height);
        _y += height;
    }

    private XGraphics NewPage()
    {
        _graphics?.Dispose();
        var first = document.PageCount == 0;
        _graphics = XGraphics.FromPdfPage(PdfLayout.AddLetterPage(document, landscape: true));
        _y = Margin + (first ? FactsHeight : 0);
        var headings = Columns.Select(c => PdfLayout.Wrap(_graphics, c.Heading, _head, c.Width - 2 * CellPadding)).ToList();
        Draw(headings, _head, headings.Max(h => h.Count) * LineHeight + 2 * CellPadding, new XSolidBrush(HeaderFill));
        return _graphics;
    }
}

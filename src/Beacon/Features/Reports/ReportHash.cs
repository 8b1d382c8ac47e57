using System.Security.Cryptography;
using System.Text;

namespace Beacon.Features.Reports;

/// <summary>
/// The SHA-256 printed on every report. It covers the data rows only, in a canonical form that does not
/// depend on the file format or on when the report was run (docs/reports.md):
/// the heading row, then each data row, every row written as an RFC 4180 CSV record (a field is quoted when
/// it holds a comma, a double quote, CR or LF; quotes doubled), with no spreadsheet-formula protection, and
/// ended by a single LF; UTF-8 without a byte order mark; lowercase hex. The same practice, day and filters
/// give the same hash in the CSV, the workbook, the PDF and on the page.
/// </summary>
public sealed class ReportHash : IDisposable
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly StringBuilder _line = new();

    public ReportHash()
    {
        Add(ReportRow.Headings);
    }

    public int Rows { get; private set; }

    public void Add(ReportRow row)
    {
        Add(row.Cells());
        Rows++;
    }

    public string Finish() => Convert.ToHexStringLower(_sha.GetHashAndReset());

    public void Dispose() => _sha.Dispose();

    /// <summary>A canonical line for the given cells (without its LF).</summary>
    public static string CanonicalLine(IEnumerable<string> cells) => string.Join(',', cells.Select(c => Csv.Quote(c)));

    private void Add(IEnumerable<string> cells)
    {
        _line.Clear().Append(CanonicalLine(cells)).Append('\n');
        _sha.AppendData(Encoding.UTF8.GetBytes(_line.ToString()));
    }
}

/// <summary>CSV fields, with the OWASP defence against formula injection for files people open in a spreadsheet.</summary>
public static class Csv
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>RFC 4180 quoting: only when the value holds a comma, a quote or a line break.</summary>
    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>
    /// A field safe to open in Excel, LibreOffice or Google Sheets: a value starting with = + - @ tab or CR is
    /// prefixed with a single quote (so it is shown as text, never run as a formula) and always quoted.
    /// </summary>
    public static string SafeField(string value)
    {
        if (value.Length > 0 && Array.IndexOf(FormulaStarts, value[0]) >= 0)
        {
            return "\"'" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        }
        return Quote(value);
    }
}

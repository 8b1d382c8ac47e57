using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Xml;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Beacon.Features.Roster;

/// <summary>A problem with a roster file as a whole: nothing in it can be trusted, so no row is checked or written.</summary>
public sealed class RosterFileException(string message) : Exception(message);

/// <summary>One data row of a roster file: the line (or spreadsheet row) it came from and its cells by column.</summary>
public sealed class RosterRow(int line, string?[] values, string? shapeProblem)
{
    public int Line { get; } = line;

    /// <summary>The raw cell of each column, indexed by <see cref="RosterColumn"/>; null when the file lacks it.</summary>
    public string? this[RosterColumn column] => values[(int)column];

    /// <summary>The row has more or fewer cells than the header names.</summary>
    public string? ShapeProblem { get; } = shapeProblem;
}

/// <summary>Recognises CSV and XLSX from their first bytes, whatever the file is called.</summary>
public static class RosterFileFormat
{
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";

    /// <summary>How many leading bytes <see cref="Detect"/> wants to see.</summary>
    public const int SniffLength = 8192;

    // Signatures of files people upload by mistake, to name what they uploaded.
    private static ReadOnlySpan<byte> OleCompoundFile => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47];
    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> Utf16Le => [0xFF, 0xFE];
    private static ReadOnlySpan<byte> Utf16Be => [0xFE, 0xFF];

    private const string SaveAsHint = "In Excel, choose File › Save As and pick “CSV UTF-8 (Comma delimited)” or “Excel Workbook (.xlsx)”, then upload that file.";

    /// <summary>"csv" or "xlsx", or null with a problem that tells an office manager what to do.</summary>
    public static string? Detect(ReadOnlySpan<byte> head, out string? problem)
    {
        problem = null;
        if (head.IsEmpty)
        {
            problem = "The file is empty.";
            return null;
        }
        if (head.StartsWith("PK\x03\x04"u8))
        {
            return Xlsx;
        }
        if (head.StartsWith("PK\x05\x06"u8))
        {
            problem = "This is an empty ZIP archive, not a roster. " + SaveAsHint;
        }
        else if (head.StartsWith(OleCompoundFile))
        {
            problem = "This looks like an older Excel workbook (.xls) or a password-protected file, which Beacon cannot read. " + SaveAsHint;
        }
        else if (head.StartsWith("%PDF"u8))
        {
            problem = "This is a PDF document, not a spreadsheet. " + SaveAsHint;
        }
        else if (head.StartsWith(Png) || head.StartsWith(Jpeg) || head.StartsWith("GIF8"u8))
        {
            problem = "This is a picture, not a spreadsheet. " + SaveAsHint;
        }
        else if (head.StartsWith(Utf16Le) || head.StartsWith(Utf16Be) || LooksLikeUtf16(head))
        {
            problem = "This text file is saved as UTF-16 (Excel calls it “Unicode Text”), which Beacon does not read. " + SaveAsHint;
        }
        else if (head.Contains((byte)0))
        {
            problem = "This is not a text file or a workbook: it contains binary data. " + SaveAsHint;
        }
        else if (!IsUtf8Prefix(head))
        {
            problem = "This file is not saved as UTF-8 text, so names with accents would come out wrong. " + SaveAsHint;
        }
        else
        {
            return Csv;
        }
        return null;
    }

    // UTF-16 text without a byte order mark: ASCII letters with a zero byte beside each of them.
    private static bool LooksLikeUtf16(ReadOnlySpan<byte> head)
    {
        if (head.Length < 8)
        {
            return false;
        }
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < head.Length; i++)
        {
            if (head[i] == 0)
            {
                if (i % 2 == 0)
                {
                    evenZeros++;
                }
                else
                {
                    oddZeros++;
                }
            }
        }
        var half = head.Length / 2;
        return evenZeros > half * 0.4 || oddZeros > half * 0.4;
    }

    // The sniffed bytes may end inside a character: that is fine, an invalid sequence is not.
    private static bool IsUtf8Prefix(ReadOnlySpan<byte> head)
    {
        var chars = ArrayPool<char>.Shared.Rent(head.Length);
        try
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(head, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: false);
            return status is OperationStatus.Done or OperationStatus.NeedMoreData;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}

/// <summary>
/// Reads a roster file a row at a time (never the whole file into memory): the header first, then each row.
/// Everything wrong with the file as a whole is a <see cref="RosterFileException"/>.
/// </summary>
public abstract class RosterReader : IDisposable
{
    public abstract RosterLayout Layout { get; }

    public abstract IEnumerable<RosterRow> ReadRows();

    public static RosterReader Open(Stream stream, string format, long maxUncompressedBytes) => format switch
    {
        RosterFileFormat.Csv => new CsvRosterReader(stream),
        RosterFileFormat.Xlsx => new XlsxRosterReader(stream, maxUncompressedBytes),
        _ => throw new RosterFileException($"Beacon does not read {format} files."),
    };

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    /// <summary>Maps cells to columns and reports cells the header does not name.</summary>
    protected static RosterRow? ToRow(int line, RosterLayout layout, IReadOnlyList<(int Position, string? Value)> cells, bool strictWidth, int cellCount)
    {
        var values = new string?[RosterColumns.All.Count];
        var any = false;
        var beyond = false;
        foreach (var (position, value) in cells)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }
            any = true;
            if (layout.At(position) is { } column)
            {
                values[(int)column] = value;
            }
            else if (position >= layout.Width)
            {
                beyond = true;
            }
        }
        if (!any)
        {
            // A blank row (or a row of empty cells, as spreadsheets export them) is not a person.
            return null;
        }
        string? shape = null;
        if (strictWidth && cellCount != layout.Width)
        {
            shape = $"This row has {cellCount} cells but the header has {layout.Width}. Check for a missing or extra comma.";
        }
        else if (beyond)
        {
            shape = $"This row has values to the right of the last column named in the header (the header has {layout.Width} columns).";
        }
        return new RosterRow(line, values, shape);
    }
}

/// <summary>How Beacon reads every uploaded CSV file (roster, referral directory).</summary>
internal static class UploadedCsv
{
    /// <summary>
    /// Comma separated, the header read by the caller, line numbers kept, cell values never copied into exception
    /// messages (they may be personal data); an unclosed quote is reported once through <paramref name="fatal"/>.
    /// </summary>
    public static CsvReaderOptions Options(int maxRecordSize, Action<string> fatal) => CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = false,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        DetectSeparatorHint = false,
        IncludeValuesInExceptions = false,
        MaxRecordSize = maxRecordSize,
        OnMalformedRecord = record =>
        {
            if (record.Reason == CsvMalformedReason.UnterminatedQuote)
            {
                fatal($"A quote mark on line {record.LineNumber} is never closed, so Beacon cannot tell where that row ends. Check that line in a text editor.");
            }
        },
    };
}

/// <summary>CSV with a header row, comma separated, UTF-8 (with or without a byte order mark).</summary>
internal sealed class CsvRosterReader : RosterReader
{
    private readonly CsvReader _csv;
    private readonly RosterLayout _layout;
    private string? _fatal;

    public CsvRosterReader(Stream stream)
    {
        // One row of a roster is a few hundred bytes; a megabyte means an unclosed quote swallowed the file.
        var options = UploadedCsv.Options(1024 * 1024, fatal => _fatal = fatal);
        _csv = CsvReader.Create(stream, options, leaveOpen: true);

        while (true)
        {
            if (!Next())
            {
                throw new RosterFileException("The file has no rows. The first row must name the columns; download the template to see them.");
            }
            var header = Cells();
            if (header.Any(c => !string.IsNullOrWhiteSpace(c.Value)))
            {
                if (header.Count == 1 && header[0].Value is { } only && (only.Contains(';', StringComparison.Ordinal) || only.Contains('\t', StringComparison.Ordinal)))
                {
                    throw new RosterFileException("The columns are separated by semicolons or tabs. Beacon reads comma-separated files: in Excel choose “CSV UTF-8 (Comma delimited)”.");
                }
                _layout = RosterLayout.Parse([.. header.Select(c => c.Value)]);
                break;
            }
        }
    }

    public override RosterLayout Layout => _layout;

    public override IEnumerable<RosterRow> ReadRows()
    {
        while (Next())
        {
            var cells = Cells();
            if (ToRow(Line, _layout, cells, strictWidth: true, cells.Count) is { } row)
            {
                yield return row;
            }
        }
    }

    private int Line => (int)_csv.LineNumber;

    private bool Next()
    {
        bool read;
        try
        {
            read = _csv.Read();
        }
        catch (CsvFormatException ex)
        {
            throw new RosterFileException($"Line {ex.LineNumber} could not be read as CSV: a row is far longer than a roster row can be, which usually means a quote mark is not closed.");
        }
        if (_fatal is not null)
        {
            throw new RosterFileException(_fatal);
        }
        if (!read)
        {
            return false;
        }
        var raw = _csv.RawRecord;
        if (raw.Contains((byte)0))
        {
            throw new RosterFileException($"Line {Line} contains binary data (a NUL character), so this is not a text file Beacon can read.");
        }
        if (!System.Text.Unicode.Utf8.IsValid(raw))
        {
            throw new RosterFileException($"Line {Line} is not UTF-8 text, so names with accents would come out wrong. In Excel, save the file as “CSV UTF-8 (Comma delimited)” and upload it again.");
        }
        return true;
    }

    private List<(int Position, string? Value)> Cells()
    {
        var cells = new List<(int, string?)>(_csv.FieldCount);
        for (var i = 0; i < _csv.FieldCount; i++)
        {
            cells.Add((i, _csv.GetString(i)));
        }
        return cells;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _csv.Dispose();
        }
    }
}

/// <summary>
/// The first worksheet of an Excel workbook, read with the SDK's forward-only reader. Shared strings are held
/// (cells refer to them by number); rows are read one at a time. Formulas and zip bombs are file errors.
/// </summary>
internal sealed class XlsxRosterReader : RosterReader
{
    private readonly SpreadsheetDocument _document;
    private readonly OpenXmlReader _rows;
    private readonly List<string> _sharedStrings = [];
    private readonly bool _date1904;
    private readonly RosterLayout _layout;

    public XlsxRosterReader(Stream stream, long maxUncompressedBytes)
    {
        CheckArchive(stream, maxUncompressedBytes);
        try
        {
            // MaxCharactersInPart also stops an archive whose entries lie about their size.
            _document = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = maxUncompressedBytes, AutoSave = false });
            var workbook = _document.WorkbookPart ?? throw NotAWorkbook();
            _date1904 = workbook.Workbook.WorkbookProperties?.Date1904?.Value == true;
            var sheet = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new RosterFileException("The workbook has no worksheet.");
            if (sheet.Id?.Value is not { } sheetId || workbook.GetPartById(sheetId) is not WorksheetPart worksheet)
            {
                throw new RosterFileException("The first sheet of the workbook is a chart or is damaged. Put the roster on the first worksheet.");
            }
            if (workbook.SharedStringTablePart is { } shared)
            {
                ReadSharedStrings(shared);
            }
            _rows = OpenXmlReader.Create(worksheet);
            _layout = ReadHeader();
        }
        catch (Exception ex)
        {
            _rows?.Dispose();
            _document?.Dispose();
            // The SDK's own errors mean the package is not a workbook it can read.
            if (ex is OpenXmlPackageException or FileFormatException or InvalidDataException or XmlException or InvalidOperationException)
            {
                throw Damaged();
            }
            throw;
        }
    }

    public override RosterLayout Layout => _layout;

    public override IEnumerable<RosterRow> ReadRows()
    {
        while (true)
        {
            Row? row;
            try
            {
                row = NextRow();
            }
            catch (Exception ex) when (ex is XmlException or InvalidDataException)
            {
                throw Damaged();
            }
            if (row is null)
            {
                yield break;
            }
            var cells = Cells(row);
            if (ToRow((int)(row.RowIndex?.Value ?? 0), _layout, cells, strictWidth: false, cells.Count) is { } rosterRow)
            {
                yield return rosterRow;
            }
        }
    }

    /// <summary>The declared sizes of every entry, before anything is decompressed.</summary>
    private static void CheckArchive(Stream stream, long maxUncompressedBytes)
    {
        try
        {
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
            {
                long total = 0;
                foreach (var entry in zip.Entries)
                {
                    total += entry.Length;
                    if (total > maxUncompressedBytes || zip.Entries.Count > 10_000)
                    {
                        throw new RosterFileException($"This workbook would expand to more than {maxUncompressedBytes / (1024 * 1024)} MB when opened, far more than any roster needs, so Beacon will not open it. Save the roster as a new workbook or as CSV UTF-8 and upload that.");
                    }
                }
            }
            stream.Position = 0;
        }
        catch (InvalidDataException)
        {
            throw Damaged();
        }
    }

    private static RosterFileException NotAWorkbook() =>
        new("This is a ZIP file but not an Excel workbook. Upload the roster as an Excel workbook (.xlsx) or as CSV UTF-8.");

    private static RosterFileException Damaged() =>
        new("Beacon could not read this workbook: it is damaged or is not an Excel workbook. Open it in Excel, save it again as “Excel Workbook (.xlsx)” or “CSV UTF-8”, and upload that.");

    private void ReadSharedStrings(SharedStringTablePart part)
    {
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                var item = (SharedStringItem)reader.LoadCurrentElement()!;
                _sharedStrings.Add(TextOf(item));
            }
        }
    }

    // Plain text, or the runs of rich text; phonetic guides (rPh) are not part of the value.
    private static string TextOf(OpenXmlElement item)
    {
        if (item.GetFirstChild<Text>() is { } text)
        {
            return text.Text;
        }
        return string.Concat(item.Elements<Run>().Select(r => r.Text?.Text ?? ""));
    }

    private RosterLayout ReadHeader()
    {
        while (NextRow() is { } row)
        {
            var cells = Cells(row);
            if (cells.Any(c => !string.IsNullOrWhiteSpace(c.Value)))
            {
                var header = new string?[cells.Count == 0 ? 0 : cells.Max(c => c.Position) + 1];
                foreach (var (position, value) in cells)
                {
                    header[position] = value;
                }
                return RosterLayout.Parse(header);
            }
        }
        throw new RosterFileException("The first worksheet is empty. The first row must name the columns; download the template to see them.");
    }

    private Row? NextRow()
    {
        while (_rows.Read())
        {
            if (_rows.ElementType == typeof(Row) && _rows.IsStartElement)
            {
                return (Row)_rows.LoadCurrentElement()!;
            }
        }
        return null;
    }

    private List<(int Position, string? Value)> Cells(Row row)
    {
        var cells = new List<(int, string?)>();
        var next = 0;
        foreach (var cell in row.Elements<Cell>())
        {
            var position = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : next;
            next = position + 1;
            if (cell.CellFormula is not null)
            {
                var name = cell.CellReference?.Value ?? $"in row {row.RowIndex?.Value}";
                throw new RosterFileException($"Cell {name} contains a formula. Beacon reads only typed-in values: in Excel, copy the sheet, use Paste Special › Values, save, and upload again.");
            }
            var column = position < _layout?.Width ? _layout.At(position) : null;
            cells.Add((position, ValueOf(cell, column is { } c && RosterColumns.IsDate(c))));
        }
        return cells;
    }

    private string? ValueOf(Cell cell, bool dateColumn)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(cell.CellValue?.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < _sharedStrings.Count
                ? _sharedStrings[index]
                : null;
        }
        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? TextOf(inline) : null;
        }
        var raw = cell.CellValue?.Text;
        if (raw is null)
        {
            return null;
        }
        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "yes" : "no";
        }
        if (type == CellValues.Date)
        {
            // ISO 8601 date cells: the date part is what a roster means.
            return raw.Length >= 10 ? raw[..10] : raw;
        }
        if ((type is null || type == CellValues.Number) && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            if (dateColumn)
            {
                return DateFromSerial(number);
            }
            // Employee IDs typed as numbers come back as "1001" or "1.001E3".
            if (Math.Abs(number) < 1e15 && number == Math.Floor(number))
            {
                return ((long)number).ToString(CultureInfo.InvariantCulture);
            }
        }
        return raw;
    }

    /// <summary>Excel stores dates as days since 1899-12-30 (or 1904-01-01 in the Mac date system).</summary>
    private string DateFromSerial(double serial)
    {
        if (serial is < 1 or > 2958465)
        {
            return serial.ToString(CultureInfo.InvariantCulture);
        }
        var date = DateTime.FromOADate(Math.Floor(serial));
        if (_date1904)
        {
            date = date.AddDays(1462);
        }
        return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>"C5" → 2.</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                index = (index * 26) + (c - 'A' + 1);
            }
            else if (c is >= 'a' and <= 'z')
            {
                index = (index * 26) + (c - 'a' + 1);
            }
            else
            {
                break;
            }
        }
        return Math.Max(0, index - 1);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rows?.Dispose();
            _document?.Dispose();
        }
    }
}

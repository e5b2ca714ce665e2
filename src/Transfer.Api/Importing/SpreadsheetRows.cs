using System.Globalization;
using CsvHelper;
using MiniExcelLibs;

namespace Transfer.Api.Importing;

/// <summary>One row of a file: its number as the spreadsheet shows it (the header is row 1) and its cells by column.</summary>
public sealed record SheetRow(int Number, IReadOnlyDictionary<string, object?> Cells);

/// <summary>A file that is not a spreadsheet of the expected shape: answered with a plain 400, nothing stored.</summary>
public sealed class UnreadableFile(string message) : Exception(message);

/// <summary>
/// Reads a PMO's file: CSV as Finnish Excel or anything else writes it (UTF-8 with or without a BOM, ','
/// or ';', by CsvHelper) or an .xlsx workbook's first sheet (by MiniExcel). A header row names the columns.
/// </summary>
public static class SpreadsheetRows
{
    /// <summary>More rows than any county's register holds, with room to spare: what bounds one import.</summary>
    public const int MaxRows = 100_000;

    /// <summary>
    /// What a workbook may unpack to. An .xlsx is a zip: a small file can unpack to gigabytes (a zip bomb).
    /// The sizes its directory declares are checked first, and .NET's unzipping refuses an entry that
    /// unpacks to more than it declared.
    /// </summary>
    public const long MaxUnpackedBytes = 200_000_000;

    /// <summary>More columns than any register has: a sheet wider than this is refused before it is read.</summary>
    public const int MaxColumns = 100;

    public static List<SheetRow> Read(byte[] file, bool xlsx, out IReadOnlyList<string> header)
    {
        if (file.Length == 0) throw new UnreadableFile("The file is empty: it needs a header row and a row per event.");
        return xlsx ? ReadXlsx(file, out header) : ReadCsv(file, out header);
    }

    private static List<SheetRow> ReadCsv(byte[] file, out IReadOnlyList<string> header)
    {
        try
        {
            // CsvHelper skips a UTF-8 BOM and tells ',' from ';' (Finnish Excel's, the comma being its decimal separator).
            using var csv = CsvReader.Create(file, new CsvReaderOptions { HasHeader = true });
            header = csv.Headers.Select(name => name.Trim()).ToList();
            if (header.Count == 0 || header.All(name => name.Length == 0)) throw new UnreadableFile("The file has no header row.");
            var rows = new List<SheetRow>();
            while (csv.Read())
            {
                if (rows.Count == MaxRows) throw new UnreadableFile($"The file has more than {MaxRows} rows; import it in parts.");
                var cells = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i < header.Count; i++) cells[header[i]] = i < csv.FieldCount ? csv.GetString(i) : null;
                if (cells.Values.All(value => string.IsNullOrWhiteSpace(value as string))) continue; // a blank line
                rows.Add(new SheetRow((int)csv.RowNumber + 1, cells));
            }
            return rows;
        }
        catch (CsvFormatException e)
        {
            throw new UnreadableFile($"The file is not CSV a spreadsheet wrote: {e.Message}");
        }
    }

    private static string TooWide(long columns) => $"The sheet is {columns} columns wide; a register has at most {MaxColumns}. Delete the columns to the right of the data.";

    /// <summary>
    /// The shape each sheet declares (<c>&lt;dimension ref="A1:XFD40"/&gt;</c>), read before any sheet is: the reader fills
    /// every row out to the declared width, so a 3 KB file declaring 16,384 columns would keep a core busy for minutes.
    /// </summary>
    private static void RefuseAbsurdShape(System.IO.Compression.ZipArchive zip)
    {
        foreach (var sheet in zip.Entries.Where(entry => entry.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && entry.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            using var xml = System.Xml.XmlReader.Create(sheet.Open(), new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit });
            while (xml.Read())
            {
                if (xml.NodeType != System.Xml.XmlNodeType.Element) continue;
                // The dimension comes before the data, if at all.
                if (xml.LocalName == "sheetData") break;
                if (xml.LocalName != "dimension") continue;
                var (columns, rows) = Extent(xml.GetAttribute("ref"));
                if (columns > MaxColumns) throw new UnreadableFile(TooWide(columns));
                if (rows > MaxRows + 1L) throw new UnreadableFile($"The sheet declares {rows} rows; an import takes at most {MaxRows}: import it in parts.");
                break;
            }
        }
    }

    /// <summary>The last column's number and the last row's of a range such as "A1:XFD40" (0, 0 when it cannot be read).</summary>
    private static (long Columns, long Rows) Extent(string? range)
    {
        var last = range?.Split(':')[^1] ?? "";
        var letters = last.TakeWhile(char.IsAsciiLetterUpper).ToArray();
        var columns = letters.Length is > 0 and <= 3 ? letters.Aggregate(0L, (number, letter) => number * 26 + (letter - 'A' + 1)) : 0;
        return (columns, long.TryParse(last.AsSpan(letters.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var rows) ? rows : 0);
    }

    private static List<SheetRow> ReadXlsx(byte[] file, out IReadOnlyList<string> header)
    {
        try
        {
            using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(file), System.IO.Compression.ZipArchiveMode.Read))
            {
                // Added up without overflowing: a zip64 directory can declare sizes whose sum passes long.MaxValue.
                var unpacked = 0L;
                foreach (var entry in zip.Entries)
                    if (entry.Length < 0 || entry.Length > MaxUnpackedBytes - unpacked)
                        throw new UnreadableFile($"The workbook unpacks to more than {MaxUnpackedBytes / 1_000_000} MB: no register needs that much.");
                    else unpacked += entry.Length;
                RefuseAbsurdShape(zip);
            }
            using var stream = new MemoryStream(file);
            var sheet = MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>();
            var rows = new List<SheetRow>();
            IReadOnlyList<(string Letter, string Name)>? columns = null;
            var number = 0;
            foreach (var row in sheet)
            {
                number++;
                if (columns is null)
                {
                    columns = row.Where(cell => cell.Value is not null && cell.Value.ToString()!.Trim().Length > 0)
                        .Select(cell => (cell.Key, cell.Value!.ToString()!.Trim())).ToList();
                    continue;
                }
                if (rows.Count == MaxRows) throw new UnreadableFile($"The file has more than {MaxRows} rows; import it in parts.");
                if (row.Count > MaxColumns) throw new UnreadableFile(TooWide(row.Count));
                var cells = columns.ToDictionary(column => column.Name, column => row.TryGetValue(column.Letter, out var value) ? value : null, StringComparer.Ordinal);
                if (cells.Values.All(value => value is null || string.IsNullOrWhiteSpace(value.ToString()))) continue;
                rows.Add(new SheetRow(number, cells));
            }
            if (columns is null or { Count: 0 }) throw new UnreadableFile("The workbook's first sheet has no header row.");
            header = columns.Select(column => column.Name).ToList();
            return rows;
        }
        catch (UnreadableFile) { throw; }
        catch (OverflowException)
        {
            throw new UnreadableFile("The file is not an .xlsx workbook Excel or LibreOffice could open.");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Xml.XmlException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            throw new UnreadableFile("The file is not an .xlsx workbook Excel or LibreOffice could open.");
        }
    }

    /// <summary>
    /// A date cell as the single routes read dates (YYYY-MM-DD): ISO as it is, Finnish 20.1.2022, or a
    /// spreadsheet's date cell; anything else is left for the route's reader to refuse in its own words.
    /// </summary>
    public static string? DateText(object? cell) => cell switch
    {
        null => null,
        DateTime dateTime => DateOnly.FromDateTime(dateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        string text when DateOnly.TryParseExact(text.Trim(), ["d.M.yyyy", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var finnish)
            => finnish.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Text(cell),
    };

    /// <summary>A cell as text, as a person reads it: numbers without a decimal part as whole numbers.</summary>
    public static string? Text(object? cell) => cell switch
    {
        null => null,
        string text => text,
        double number when number == Math.Floor(number) && Math.Abs(number) < 1e15 => ((long)number).ToString(CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };
}

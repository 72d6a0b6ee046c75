package io.swath.columnar.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.PrimitiveType;

/**
 * The pages of one column chunk, held compressed in memory and decompressed one page at a time
 * as the column reader asks for them. Errors in the bytes surface as {@link UncheckedIOException}
 * naming the column.
 */
public final class ChunkPages implements PageReader {
  private final byte[] chunk;
  private final CompressionCodecName codec;
  private final long totalValues;
  private final PrimitiveType type;
  private final String column;
  private final ByteArrayInputStream in;
  private DictionaryPage dictionary;
  private PageHeader pending; // a data page header read while looking for the dictionary
  private long valuesRead;

  /**
   * Pages of a chunk whose bytes are {@code chunk}, compressed with {@code codec}, holding
   * {@code totalValues} values (levels included) of {@code type}.
   */
  public ChunkPages(String column, byte[] chunk, CompressionCodecName codec, long totalValues, PrimitiveType type) {
    this.column = column;
    this.chunk = chunk;
    this.codec = codec;
    this.totalValues = totalValues;
    this.type = type;
    this.in = new ByteArrayInputStream(chunk);
    try {
      PageHeader h = nextHeader();
      if (h != null && h.isSetDictionary_page_header()) {
        byte[] body = body(h);
        var d = h.getDictionary_page_header();
        Encoding e = Encoding.valueOf(d.getEncoding().name());
        dictionary = new DictionaryPage(BytesInput.from(body), h.getUncompressed_page_size(), d.getNum_values(),
            e == Encoding.PLAIN ? Encoding.PLAIN_DICTIONARY : e);
      } else {
        pending = h;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private PageHeader nextHeader() throws IOException {
    while (in.available() > 0) {
      PageHeader h;
      try {
        h = Util.readPageHeader(in);
      } catch (IOException | RuntimeException e) {
        throw new IOException("column '" + column + "': unreadable page header", e);
      }
      if (h.getCompressed_page_size() < 0 || h.getCompressed_page_size() > in.available()) {
        throw new IOException("column '" + column + "': a page of " + h.getCompressed_page_size() + " bytes runs past the end of its chunk");
      }
      if (h.isSetData_page_header() || h.isSetData_page_header_v2() || h.isSetDictionary_page_header()) {
        return h;
      }
      in.skipNBytes(h.getCompressed_page_size()); // index pages and unknown ones
    }
    return null;
  }

  private byte[] body(PageHeader h) throws IOException {
    int off = chunk.length - in.available();
    int len = h.getCompressed_page_size();
    in.skipNBytes(len);
    try {
      return Decompressors.decompress(codec, chunk, off, len, h.getUncompressed_page_size());
    } catch (IOException | RuntimeException e) {
      throw new IOException("column '" + column + "': " + e.getMessage(), e);
    }
  }

  @Override
  public DictionaryPage readDictionaryPage() {
    return dictionary;
  }

  @Override
  public long getTotalValueCount() {
    return totalValues;
  }

  @Override
  public DataPage readPage() {
    try {
      PageHeader h = pending != null ? pending : nextHeader();
      pending = null;
      if (h == null || valuesRead >= totalValues) {
        return null;
      }
      if (h.isSetDictionary_page_header()) {
        throw new IOException("column '" + column + "': a second dictionary page");
      }
      Statistics<?> stats = Statistics.createStats(type);
      if (h.isSetData_page_header()) {
        DataPageHeader d = h.getData_page_header();
        valuesRead += d.getNum_values();
        return new DataPageV1(BytesInput.from(body(h)), d.getNum_values(), h.getUncompressed_page_size(), stats,
            encoding(d.getRepetition_level_encoding()), encoding(d.getDefinition_level_encoding()), encoding(d.getEncoding()));
      }
      DataPageHeaderV2 d = h.getData_page_header_v2();
      valuesRead += d.getNum_values();
      int rl = d.getRepetition_levels_byte_length();
      int dl = d.getDefinition_levels_byte_length();
      int off = chunk.length - in.available();
      int len = h.getCompressed_page_size();
      if (rl < 0 || dl < 0 || rl + dl > len) {
        throw new IOException("column '" + column + "': page levels run past the page");
      }
      in.skipNBytes(len);
      BytesInput reps = BytesInput.from(chunk, off, rl);
      BytesInput defs = BytesInput.from(chunk, off + rl, dl);
      int dataLen = len - rl - dl;
      int dataSize = h.getUncompressed_page_size() - rl - dl;
      byte[] data;
      try {
        data = !d.isSetIs_compressed() || d.isIs_compressed()
            ? Decompressors.decompress(codec, chunk, off + rl + dl, dataLen, dataSize)
            : Decompressors.decompress(CompressionCodecName.UNCOMPRESSED, chunk, off + rl + dl, dataLen, dataSize);
      } catch (IOException | RuntimeException e) {
        throw new IOException("column '" + column + "': " + e.getMessage(), e);
      }
      return DataPageV2.uncompressed(d.getNum_rows(), d.getNum_nulls(), d.getNum_values(), reps, defs,
          encoding(d.getEncoding()), BytesInput.from(data), stats);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Encoding encoding(org.apache.parquet.format.Encoding e) throws IOException {
    if (e == null) {
      throw new IOException("column '" + column + "': a page without an encoding");
    }
    return Encoding.valueOf(e.name());
  }
}

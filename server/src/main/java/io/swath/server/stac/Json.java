package io.swath.server.stac;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON mapper and factory of the API. */
final class Json {
  static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
  static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private Json() {}
}

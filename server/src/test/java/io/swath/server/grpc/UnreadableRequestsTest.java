package io.swath.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import io.swath.api.v1.GetDatasetRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** Requests are read without the fields their type does not define, and unreadable bytes are an error that says so. */
class UnreadableRequestsTest {
  @Test
  void unknownFieldsAreSkippedNotKept() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    GetDatasetRequest.newBuilder().setSlug("open_data.a.b").build().writeTo(bytes);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    for (int i = 0; i < 100_000; i++) {
      out.writeUInt64(1000 + i % 500, i); // fields the type does not have
    }
    out.flush();
    GetDatasetRequest parsed = (GetDatasetRequest) UnreadableRequests.parseDiscardingUnknownFields(GetDatasetRequest.parser(),
        new ByteArrayInputStream(bytes.toByteArray()));
    assertThat(parsed.getSlug()).isEqualTo("open_data.a.b");
    assertThat(parsed.getUnknownFields().asMap()).isEmpty();
  }

  @Test
  void bytesThatAreNoMessageAreAnError() {
    byte[] cut = GetDatasetRequest.newBuilder().setSlug("open_data.a.b").build().toByteArray();
    byte[] truncated = java.util.Arrays.copyOf(cut, cut.length - 3);
    assertThatThrownBy(() -> UnreadableRequests.parseDiscardingUnknownFields(GetDatasetRequest.parser(), new ByteArrayInputStream(truncated)))
        .isInstanceOf(java.io.IOException.class);
  }
}

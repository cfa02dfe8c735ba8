package dev.scalingar.schemas.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageNetClassesTest {

  @Test
  void holdsTheThousandClassesInIndexOrder() {
    assertThat(ImageNetClasses.all()).hasSize(1000);
    assertThat(ImageNetClasses.get(0).name()).isEqualTo("tench");
    assertThat(ImageNetClasses.get(207).name()).isEqualTo("golden retriever");
    assertThat(ImageNetClasses.get(999).wordnetId()).isEqualTo("n15075141");
    assertThat(ImageNetClasses.get(400).names()).contains("judge's robe");
  }

  @Test
  void aPromptNamesAClassByIndexOrByAnyOfItsNames() {
    assertThat(ImageNetClasses.parse("207")).isEqualTo(207);
    assertThat(ImageNetClasses.parse(" Golden  Retriever ")).isEqualTo(207);
    assertThat(ImageNetClasses.parse("white fox")).isEqualTo(279);
    assertThat(ImageNetClasses.parse("0")).isZero();
  }

  @Test
  void anythingElseIsRefusedWithAReason() {
    assertThatThrownBy(() -> ImageNetClasses.parse("1000")).hasMessageContaining("outside 0..999");
    assertThatThrownBy(() -> ImageNetClasses.parse("a red circle"))
        .hasMessageContaining("not the name of an ImageNet class");
    assertThatThrownBy(() -> ImageNetClasses.parse("  ")).hasMessageContaining("empty");
    assertThatThrownBy(() -> ImageNetClasses.parse("crane"))
        .hasMessageContaining("several ImageNet classes [134, 517]");
    assertThatThrownBy(() -> ImageNetClasses.parse("-3")).hasMessageContaining("not the name");
  }
}

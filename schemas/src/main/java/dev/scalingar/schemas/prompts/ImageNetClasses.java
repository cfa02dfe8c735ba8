package dev.scalingar.schemas.prompts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 1,000 ImageNet-1k classes a LlamaGen c2i model is conditioned on, and the prompt form that
 * names one: a class index ({@code "207"}) or one of the class's names, case and surrounding spaces
 * ignored ({@code "golden retriever"}, {@code "Arctic fox"}, {@code "white fox"}). A name shared by
 * two classes ({@code "crane"}: the bird 134 and the machine 517) is refused with both indices, so
 * the caller can say which. JDK only: the gateway validates prompts with it, the worker encodes
 * them with it.
 */
public final class ImageNetClasses {

  public static final int COUNT = 1000;
  private static final String RESOURCE = "/dev/scalingar/schemas/prompts/imagenet-classes.tsv";

  /** One class: its index, WordNet id and names (the first is the usual one). */
  public record ImageNetClass(int index, String wordnetId, List<String> names) {
    public ImageNetClass {
      names = List.copyOf(names);
    }

    public String name() {
      return names.get(0);
    }
  }

  private static final List<ImageNetClass> CLASSES = load();
  private static final Map<String, List<Integer>> BY_NAME = index(CLASSES);

  private ImageNetClasses() {}

  public static List<ImageNetClass> all() {
    return CLASSES;
  }

  public static ImageNetClass get(int index) {
    if (index < 0 || index >= COUNT) {
      throw new IllegalArgumentException(
          "ImageNet class " + index + " is outside 0.." + (COUNT - 1));
    }
    return CLASSES.get(index);
  }

  /**
   * The class a prompt names; throws {@link IllegalArgumentException} with a readable reason when
   * it names none, or more than one.
   */
  public static int parse(String prompt) {
    String p = prompt == null ? "" : prompt.trim();
    if (p.isEmpty()) {
      throw new IllegalArgumentException(
          "the prompt is empty; name an ImageNet class by index (0-999) or by name");
    }
    if (p.chars().allMatch(Character::isDigit)) {
      if (p.length() > 4 || Integer.parseInt(p) >= COUNT) {
        throw new IllegalArgumentException("ImageNet class " + p + " is outside 0.." + (COUNT - 1));
      }
      return Integer.parseInt(p);
    }
    List<Integer> found = BY_NAME.get(normalise(p));
    if (found == null) {
      throw new IllegalArgumentException(
          "'"
              + p
              + "' is not the name of an ImageNet class; use one of its names"
              + " (e.g. 'golden retriever') or an index 0-999");
    }
    if (found.size() > 1) {
      throw new IllegalArgumentException(
          "'" + p + "' names several ImageNet classes " + found + "; give the index");
    }
    return found.get(0);
  }

  private static String normalise(String name) {
    return name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static List<ImageNetClass> load() {
    try (InputStream in = ImageNetClasses.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<ImageNetClass> out = new ArrayList<>();
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] parts = line.split("\t", 2);
        List<String> names = new ArrayList<>();
        for (String n : parts[1].split(",")) {
          names.add(n.trim());
        }
        out.add(new ImageNetClass(out.size(), parts[0], names));
      }
      if (out.size() != COUNT) {
        throw new IllegalStateException(
            RESOURCE + " holds " + out.size() + " classes, not " + COUNT);
      }
      return Collections.unmodifiableList(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, List<Integer>> index(List<ImageNetClass> classes) {
    Map<String, List<Integer>> out = new HashMap<>();
    for (ImageNetClass c : classes) {
      for (String n : c.names()) {
        List<Integer> at = out.computeIfAbsent(normalise(n), k -> new ArrayList<>());
        if (!at.contains(c.index())) {
          at.add(c.index());
        }
      }
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return Map.copyOf(out);
  }
}

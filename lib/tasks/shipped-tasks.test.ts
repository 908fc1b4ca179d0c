import { describe, expect, it } from "vitest";
import { getTaskDefinition, listTaskDefinitions } from "./shipped-tasks";
import { splitFiles } from "./task-definition";

describe("task registry", () => {
  it("ships ag-news, boolq, cb, rte, sms-spam and sst2, each valid", () => {
    expect(listTaskDefinitions().map((task) => task.slug)).toEqual([
      "ag-news",
      "boolq",
      "cb",
      "rte",
      "sms-spam",
      "sst2",
    ]);
  });

  it("describes each task's fields, labels and files", () => {
    expect(getTaskDefinition("rte").inputFields).toEqual(["premise", "hypothesis"]);
    expect(getTaskDefinition("sms-spam").metrics[0]).toBe("macro_f1");
    const sst2 = getTaskDefinition("sst2");
    expect(sst2.labels).toEqual(["negative", "positive"]);
    expect(splitFiles(sst2).map((file) => `${file.split}=${file.spec.path}`)).toEqual([
      "test=sst2/stsa.binary.test",
      "dev=sst2/dev.tsv",
      "ood:amazon=uci_sentiment_sentences/amazon_cells_labelled.txt",
      "ood:imdb=uci_sentiment_sentences/imdb_labelled.txt",
      "ood:yelp=uci_sentiment_sentences/yelp_labelled.txt",
    ]);
  });

  it("says which tasks exist when asked for an unknown one", () => {
    expect(() => getTaskDefinition("mnli")).toThrow(
      /There is no task "mnli". Known tasks: ag-news, boolq, cb, rte, sms-spam, sst2/,
    );
  });
});

/**
 * The project's own lint rule: words written straight into JSX never reach the translators, so
 * they would show in English (or French) whatever the reader's language. Words go through `t()`.
 */
const WORDS = /\p{L}{2,}/u;
const TEXT_ATTRIBUTES = new Set(["aria-label", "aria-description", "title", "placeholder", "alt"]);

const noLiteralText = {
  meta: {
    type: "problem",
    docs: { description: "Forbid untranslated words in JSX text and in people-facing attributes" },
    messages: {
      text: "Untranslated text {{text}}: put it in the feature's messages and use t().",
    },
    schema: [],
  },
  create(context) {
    return {
      JSXText(node) {
        const text = node.value.trim();
        if (WORDS.test(text)) {
          context.report({ node, messageId: "text", data: { text: JSON.stringify(text) } });
        }
      },
      JSXAttribute(node) {
        const name = typeof node.name.name === "string" ? node.name.name : "";
        const value = node.value;
        if (TEXT_ATTRIBUTES.has(name) && value?.type === "Literal" && typeof value.value === "string" && WORDS.test(value.value)) {
          context.report({ node, messageId: "text", data: { text: JSON.stringify(value.value) } });
        }
      },
    };
  },
};

export default { rules: { "no-literal-text": noLiteralText } };

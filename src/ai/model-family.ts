// What OpenAI's chat completions accept per model family (platform.openai.com reasoning guide; the
// `max_tokens` property of CreateChatCompletionRequest in github.com/openai/openai-openapi is
// "deprecated in favor of max_completion_tokens, and is not compatible with o-series models"):
// reasoning models — the o-series (o1, o3, o4-mini…) and gpt-5 and later, except the gpt-5 "chat"
// variants — refuse `max_tokens` and any temperature other than the default 1.

/** True for OpenAI's reasoning models, judged from the model id (a dated snapshot counts as its family). */
export function isOpenAiReasoningModel(model: string): boolean {
  const id = model.trim().toLowerCase().replace(/^openai\//, '');
  if (/^o\d/.test(id)) return true;
  const gpt = /^gpt-(\d+)(?:\.\d+)?(?:-(.*))?$/.exec(id);
  return gpt !== null && Number(gpt[1]) >= 5 && !(gpt[2] ?? '').startsWith('chat');
}

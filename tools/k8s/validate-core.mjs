// Validates Kubernetes documents (a JSON array on stdin) against the Kubernetes schemas of kubernetes-models,
// which is ES-module only: the Jest spec (CommonJS) runs this as a child process. Prints the problems as JSON.
const input = await new Promise((resolve) => {
  let text = '';
  process.stdin.on('data', (chunk) => (text += chunk)).on('end', () => resolve(text));
});
const problems = [];
for (const doc of JSON.parse(input)) {
  const name = `${doc.kind}/${doc.metadata?.name}`;
  let Model;
  try {
    Model = (await import(`kubernetes-models/${doc.apiVersion}`))[doc.kind];
  } catch {
    Model = undefined;
  }
  if (!Model) {
    problems.push(`${name}: unknown kind ${doc.apiVersion} ${doc.kind}`);
    continue;
  }
  try {
    new Model(doc).validate();
  } catch (error) {
    problems.push(`${name}: ${error.message}`);
  }
}
process.stdout.write(JSON.stringify(problems));

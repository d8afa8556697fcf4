import * as monaco from 'monaco-editor/esm/vs/editor/editor.main.js'
import { configureMonacoYaml } from 'monaco-yaml'

window.MonacoEnvironment = {
  getWorker(moduleId, label) {
    return new Worker(label === 'yaml' ? './yaml.worker.js' : './editor.worker.js')
  }
}

// The file's own first line names its schema, as recap new writes it. monaco-yaml
// resolves that relative address to a path, which is given the schema that
// `recap schema` wrote there (a worker cannot read the disk).
window.start = async function (text, path, theme, schemaPath, schema) {
  configureMonacoYaml(monaco, {
    enableSchemaRequest: false, validate: true, completion: true, hover: true,
    schemas: [{ uri: schemaPath, fileMatch: ['**/event.yaml'], schema }]
  })
  const model = monaco.editor.createModel(text, 'yaml', monaco.Uri.parse(location.origin + path))
  const editor = monaco.editor.create(document.getElementById('editor'), {
    model, theme, fontSize: 15, minimap: { enabled: false }, automaticLayout: true, scrollBeyondLastLine: false,
    renderLineHighlight: 'none', quickSuggestions: false
  })
  window.editor = editor
  window.monaco = monaco
  return true
}

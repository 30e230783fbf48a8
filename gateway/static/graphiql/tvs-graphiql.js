/*
 * tvs-gateway's GraphiQL page. It replaces the inline bootstrap of Strawberry's page, so the page
 * runs under `script-src 'self'`. What it adds to plain GraphiQL:
 * - development: a persona picker. Choosing a demo account asks the gateway for a fresh
 *   development token (/graphiql/token, which only exists in development) and writes it into the
 *   Authorization header of every tab, then loads the schema as that account sees it;
 * - production (only when TVS_GRAPHIQL=true): a field to paste a token; nothing else;
 * - the example queries of docs/queries/, each opened in a tab of its own.
 * Headers (so tokens) are never written to the browser's storage.
 */
(function () {
  "use strict";

  const h = React.createElement;
  const { useEditorContext } = GraphiQL.React;
  const GRAPHQL_URL = "/graphql";
  const DEVELOPMENT = document.body.dataset.mode === "development";
  const PERSONA_KEY = "tvs-graphiql:persona"; // the account name only, never a token

  const WELCOME = `# tvs-gateway
#
# 1. ${DEVELOPMENT ? "Pick a persona in the bar above: the Authorization header is filled in for you." : "Paste a token in the bar above (or write an Authorization header below)."}
# 2. Open an example next to it, or write a query here (Ctrl-Space completes).
# 3. Run it with Ctrl-Enter or the pink button.
#
# The same query answers differently per account: rows outside its scope do not exist for it,
# and a field group its role may not read refuses the whole query (FORBIDDEN).

{
  ik {
    naam
    rol
    gegevensgroepen
  }
}
`;

  async function getJson(url, init) {
    const response = await fetch(url, init);
    if (!response.ok) {
      throw new Error(`${url}: HTTP ${response.status}`);
    }
    return response.json();
  }

  function postJson(url, body, headers) {
    return getJson(url, {
      method: "POST",
      headers: Object.assign({ "Content-Type": "application/json" }, headers || {}),
      body: JSON.stringify(body),
    });
  }

  /** The schema as `token`'s account sees it, or null where introspection is off. */
  async function loadSchema(token) {
    const { getIntrospectionQuery, buildClientSchema } = GraphiQL.GraphQL;
    const body = await postJson(
      GRAPHQL_URL,
      { query: getIntrospectionQuery(), operationName: "IntrospectionQuery" },
      { Authorization: `Bearer ${token}` },
    );
    return body.data ? buildClientSchema(body.data) : null;
  }

  /**
   * The browser's localStorage as GraphiQL uses it, minus every header: GraphiQL's history keeps
   * the headers of each query it ran (so tokens) whatever shouldPersistHeaders says.
   */
  const JSON_KEYS = ["graphiql:queries", "graphiql:favorites", "graphiql:tabState"];
  const storageWithoutHeaders = {
    getItem: (key) => window.localStorage.getItem(key),
    removeItem: (key) => window.localStorage.removeItem(key),
    clear: () => window.localStorage.clear(),
    get length() {
      return window.localStorage.length;
    },
    setItem(key, value) {
      if (key === "graphiql:headers") {
        return;
      }
      if (JSON_KEYS.includes(key)) {
        value = JSON.stringify(JSON.parse(value), (name, v) => (name === "headers" ? undefined : v));
      }
      window.localStorage.setItem(key, value);
    },
  };

  /** The headers editor's JSON with the Authorization header set to `token`, other headers kept. */
  function withAuthorization(text, token) {
    let headers = {};
    try {
      const parsed = JSON.parse(text || "{}");
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
        headers = parsed;
      }
    } catch (_) {
      // not JSON: replaced by the Authorization header alone
    }
    const rest = {};
    for (const [name, value] of Object.entries(headers)) {
      if (name.toLowerCase() !== "authorization") {
        rest[name] = value;
      }
    }
    return JSON.stringify(Object.assign({ Authorization: `Bearer ${token}` }, rest), null, 2);
  }

  function PersonaPicker(props) {
    return h(
      "label",
      { className: "tvs-field" },
      "Persona ",
      h(
        "select",
        {
          id: "tvs-persona",
          value: props.value || "",
          onChange: (event) => props.onChange(event.target.value),
        },
        h("option", { value: "", disabled: true }, "choose a demo account…"),
        props.personas.map((p) =>
          h(
            "option",
            { key: p.gebruikersnaam, value: p.gebruikersnaam, title: `${p.naam}, ${p.scope}` },
            `${p.gebruikersnaam} (${p.rol})`,
          ),
        ),
      ),
    );
  }

  function TokenField(props) {
    return h(
      "label",
      { className: "tvs-field" },
      "Token ",
      h("input", {
        id: "tvs-token",
        type: "password",
        autoComplete: "off",
        placeholder: "paste a bearer token",
        onChange: (event) => props.onChange(event.target.value.trim().replace(/^Bearer\s+/i, "")),
      }),
    );
  }

  function ExamplePicker(props) {
    return h(
      "label",
      { className: "tvs-field" },
      "Example ",
      h(
        "select",
        {
          id: "tvs-example",
          value: "",
          onChange: (event) => props.onOpen(props.examples.find((e) => e.name === event.target.value)),
        },
        h("option", { value: "" }, "open in a new tab…"),
        props.examples.map((e) =>
          h("option", { key: e.name, value: e.name, title: e.runs_as }, `${e.title} (${e.persona})`),
        ),
      ),
    );
  }

  /**
   * Rendered inside GraphiQL (in its logo slot), so it can reach the editors and tabs; shown in the
   * bar above GraphiQL through a portal.
   */
  function Bar(props) {
    const editors = useEditorContext({ nonNull: true });
    const [pending, setPending] = React.useState(null);
    const { headerEditor, queryEditor, variableEditor, activeTabIndex } = editors;

    // The chosen persona's (or pasted) token goes into the headers editor when it is chosen, and
    // again whenever GraphiQL sets the editor (another tab, a query from the history). What the
    // user types there is left alone.
    React.useEffect(() => {
      if (!props.token || !headerEditor) {
        return undefined;
      }
      const authorize = () => {
        const next = withAuthorization(headerEditor.getValue(), props.token);
        if (next !== headerEditor.getValue()) {
          headerEditor.setValue(next);
        }
      };
      const onChange = (_editor, change) => change && change.origin === "setValue" && authorize();
      authorize();
      headerEditor.on("change", onChange);
      return () => headerEditor.off("change", onChange);
    }, [props.token, headerEditor]);

    // An example opens in the tab addTab() made.
    React.useEffect(() => {
      if (pending && queryEditor) {
        queryEditor.setValue(pending.query);
        if (variableEditor) {
          variableEditor.setValue("");
        }
        setPending(null);
      }
    }, [pending, queryEditor, variableEditor, activeTabIndex]);

    function openExample(example) {
      if (example) {
        editors.addTab();
        setPending(example);
      }
    }

    return ReactDOM.createPortal(
      h(
        React.Fragment,
        null,
        DEVELOPMENT
          ? h(PersonaPicker, { personas: props.personas, value: props.persona, onChange: props.onPersona })
          : h(TokenField, { onChange: props.onToken }),
        props.examples.length ? h(ExamplePicker, { examples: props.examples, onOpen: openExample }) : null,
        h("output", { id: "tvs-status", className: "tvs-status" }, props.status),
      ),
      document.getElementById("tvs-bar"),
    );
  }

  function App() {
    const [personas, setPersonas] = React.useState([]);
    const [examples, setExamples] = React.useState([]);
    const [persona, setPersona] = React.useState(null);
    const [token, setToken] = React.useState(null);
    // null: no introspection until there is a token (it would only answer 401).
    const [schema, setSchema] = React.useState(null);
    const [status, setStatus] = React.useState("");
    const fetcher = React.useMemo(() => GraphiQL.createFetcher({ url: GRAPHQL_URL }), []);
    const explorer = React.useMemo(() => GraphiQLPluginExplorer.explorerPlugin(), []);

    async function applyToken(newToken, label) {
      setToken(newToken || null);
      setSchema(null);
      if (!newToken) {
        setStatus("");
        return;
      }
      try {
        const loaded = await loadSchema(newToken);
        setSchema(loaded);
        setStatus(loaded ? label : `${label}; no schema (introspection is off)`);
      } catch (error) {
        setStatus(`${label}; schema not loaded: ${error.message}`);
      }
    }

    async function choosePersona(gebruikersnaam) {
      setPersona(gebruikersnaam);
      try {
        const issued = await postJson("/graphiql/token", { gebruikersnaam });
        window.localStorage.setItem(PERSONA_KEY, gebruikersnaam);
        await applyToken(issued.token, `token for ${gebruikersnaam}`);
      } catch (error) {
        setStatus(`no token for ${gebruikersnaam}: ${error.message}`);
      }
    }

    React.useEffect(() => {
      getJson("/graphiql/examples").then(setExamples, () => setExamples([]));
      if (DEVELOPMENT) {
        getJson("/graphiql/personas").then(
          (list) => {
            setPersonas(list);
            const remembered = window.localStorage.getItem(PERSONA_KEY);
            if (list.some((p) => p.gebruikersnaam === remembered)) {
              choosePersona(remembered);
            }
          },
          (error) => setStatus(`personas not loaded: ${error.message}`),
        );
      }
    }, []);

    const authorization = token ? withAuthorization("", token) : undefined;
    return h(
      GraphiQL,
      {
        fetcher,
        schema,
        plugins: [explorer],
        defaultQuery: WELCOME,
        defaultHeaders: authorization,
        defaultEditorToolsVisibility: "headers",
        isHeadersEditorEnabled: true,
        storage: storageWithoutHeaders,
        shouldPersistHeaders: false,
        showPersistHeadersSettings: false,
        inputValueDeprecation: true,
      },
      h(
        GraphiQL.Logo,
        null,
        h(Bar, {
          personas,
          examples,
          persona,
          token,
          status,
          onPersona: choosePersona,
          onToken: (value) => applyToken(value, value ? "pasted token" : ""),
        }),
      ),
    );
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(h(App));
})();

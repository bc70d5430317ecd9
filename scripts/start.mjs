// `npm start` — placeholder until the Node-RED issue lands (it will start Node-RED, the emulator and the demo).
console.log('relais: nothing to run yet — the Node-RED demo arrives with issue 7.');

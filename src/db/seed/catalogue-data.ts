// Hand-written demo catalogue for Alpaca Cafe. Fixed values only: no randomness.

export interface SeedStore {
  slug: string;
  name: string;
  addressLine1: string;
  addressLine2: string | null;
  town: string;
  postcode: string;
  phone: string;
  timezone: string; // 'Europe/London'
  // isoDay: 1 = Monday … 7 = Sunday; times 'HH:MM' local
  hours: { isoDay: number; opens: string; closes: string }[];
}
export interface SeedCategory {
  slug: string;
  name: string;
  description: string;
  /** The chain's preparation time; stores may set their own. */
  prepSeconds: number;
  /** Drinks count against a store's capacity; food is handed over (false). */
  isDrink: boolean;
}
export interface SeedOption {
  slug: string;
  name: string;
  priceDeltaPence: number;
  isDefault?: boolean;
}
export interface SeedOptionGroup {
  slug: 'milk' | 'shots' | 'blend' | 'syrup' | 'toppings';
  name: string;
  selection: 'single' | 'multi';
  required: boolean;
  maxChoices: number;
  options: SeedOption[];
}
export interface SeedProduct {
  slug: string;
  name: string;
  description: string;
  pricePence: number;
  category: string; // category slug
  unavailableAt?: string[]; // store slugs where the product is switched off in the demo
}

// ---------------------------------------------------------------------------
// Stores
// ---------------------------------------------------------------------------

export const stores: SeedStore[] = [
  {
    slug: 'colchester',
    name: 'Alpaca Cafe Colchester',
    addressLine1: '112 High Street',
    addressLine2: null,
    town: 'Colchester',
    postcode: 'CO1 1TH',
    phone: '01206 572341',
    timezone: 'Europe/London',
    hours: [
      { isoDay: 1, opens: '07:00', closes: '18:00' },
      { isoDay: 2, opens: '07:00', closes: '18:00' },
      { isoDay: 3, opens: '07:00', closes: '18:00' },
      { isoDay: 4, opens: '07:00', closes: '18:00' },
      { isoDay: 5, opens: '07:00', closes: '18:00' },
      { isoDay: 6, opens: '08:00', closes: '18:00' },
      { isoDay: 7, opens: '09:00', closes: '16:00' },
    ],
  },
  {
    slug: 'ipswich',
    name: 'Alpaca Cafe Ipswich',
    addressLine1: '27 Tavern Street',
    addressLine2: 'Unit 2',
    town: 'Ipswich',
    postcode: 'IP1 3AY',
    phone: '01473 218904',
    timezone: 'Europe/London',
    hours: [
      { isoDay: 1, opens: '07:30', closes: '17:30' },
      { isoDay: 2, opens: '07:30', closes: '17:30' },
      { isoDay: 3, opens: '07:30', closes: '17:30' },
      { isoDay: 4, opens: '07:30', closes: '17:30' },
      { isoDay: 5, opens: '07:30', closes: '18:00' },
      { isoDay: 6, opens: '08:00', closes: '17:30' },
      { isoDay: 7, opens: '10:00', closes: '16:00' },
    ],
  },
];

// ---------------------------------------------------------------------------
// Categories (menu display order)
// ---------------------------------------------------------------------------

export const categories: SeedCategory[] = [
  {
    slug: 'slow-roasted-coffee',
    name: 'Slow Roasted Coffee',
    description: 'Espresso-based classics made with our house blend, roasted low and slow for a smooth, chocolatey cup.',
    prepSeconds: 180,
    isDrink: true,
  },
  {
    slug: 'iced-coffee',
    name: 'Iced Coffee',
    description: 'Our favourite coffees poured over ice, plus cold brew steeped for eighteen hours.',
    prepSeconds: 150,
    isDrink: true,
  },
  { slug: 'teas', name: 'Teas', description: 'Loose-leaf teas, herbal infusions and milky tea lattes, brewed to order.', prepSeconds: 240, isDrink: true },
  {
    slug: 'pastries',
    name: 'Pastries',
    description: 'Flaky, buttery bakes and savoury bites delivered fresh from a local bakery every morning.',
    prepSeconds: 0,
    isDrink: false,
  },
  {
    slug: 'hot-chocolate',
    name: 'Hot Chocolate',
    description: 'Rich hot chocolates made with real melted chocolate and steamed milk.',
    prepSeconds: 240,
    isDrink: true,
  },
  {
    slug: 'cold-drinks',
    name: 'Cold Drinks',
    description: 'Chilled juices, lemonades, soft drinks and water for when coffee is not the answer.',
    prepSeconds: 60,
    isDrink: true,
  },
  {
    slug: 'seasonal',
    name: 'Seasonal',
    description: 'Limited-run drinks and treats that change with the seasons, here while they last.',
    prepSeconds: 240,
    isDrink: true,
  },
  { slug: 'milkshakes', name: 'Milkshakes', description: 'Thick, creamy milkshakes blended with proper dairy ice cream.', prepSeconds: 240, isDrink: true },
  { slug: 'cakes', name: 'Cakes', description: 'Generous slices of homestyle cakes and traybakes to go with your drink.', prepSeconds: 0, isDrink: false },
];

// ---------------------------------------------------------------------------
// Option groups
// ---------------------------------------------------------------------------

export const optionGroups: SeedOptionGroup[] = [
  {
    slug: 'milk',
    name: 'Milk',
    selection: 'single',
    required: true,
    maxChoices: 1,
    options: [
      { slug: 'semi-skimmed', name: 'Semi-Skimmed', priceDeltaPence: 0, isDefault: true },
      { slug: 'skimmed', name: 'Skimmed', priceDeltaPence: 0 },
      { slug: 'whole', name: 'Whole', priceDeltaPence: 0 },
      { slug: 'oat', name: 'Oat', priceDeltaPence: 45 },
      { slug: 'almond', name: 'Almond', priceDeltaPence: 45 },
      { slug: 'soy', name: 'Soy', priceDeltaPence: 40 },
      { slug: 'coconut', name: 'Coconut', priceDeltaPence: 45 },
    ],
  },
  {
    slug: 'shots',
    name: 'Shots',
    selection: 'single',
    required: true,
    maxChoices: 1,
    options: [
      { slug: 'single', name: 'Single', priceDeltaPence: 0, isDefault: true },
      { slug: 'double', name: 'Double', priceDeltaPence: 60 },
      { slug: 'triple', name: 'Triple', priceDeltaPence: 110 },
    ],
  },
  {
    slug: 'blend',
    name: 'Blend',
    selection: 'single',
    required: true,
    maxChoices: 1,
    options: [
      { slug: 'regular', name: 'Regular', priceDeltaPence: 0, isDefault: true },
      { slug: 'decaf', name: 'Decaf', priceDeltaPence: 0 },
    ],
  },
  {
    slug: 'syrup',
    name: 'Syrup',
    selection: 'multi',
    required: false,
    maxChoices: 3,
    options: [
      { slug: 'vanilla', name: 'Vanilla', priceDeltaPence: 50 },
      { slug: 'caramel', name: 'Caramel', priceDeltaPence: 50 },
      { slug: 'hazelnut', name: 'Hazelnut', priceDeltaPence: 50 },
      { slug: 'gingerbread', name: 'Gingerbread', priceDeltaPence: 50 },
      { slug: 'salted-caramel', name: 'Salted Caramel', priceDeltaPence: 50 },
      { slug: 'cinnamon', name: 'Cinnamon', priceDeltaPence: 50 },
    ],
  },
  {
    slug: 'toppings',
    name: 'Toppings',
    selection: 'multi',
    required: false,
    maxChoices: 4,
    options: [
      { slug: 'whipped-cream', name: 'Whipped Cream', priceDeltaPence: 50 },
      { slug: 'chocolate-sprinkles', name: 'Chocolate Sprinkles', priceDeltaPence: 30 },
      { slug: 'cinnamon-dusting', name: 'Cinnamon Dusting', priceDeltaPence: 20 },
      { slug: 'marshmallows', name: 'Marshmallows', priceDeltaPence: 40 },
      { slug: 'caramel-drizzle', name: 'Caramel Drizzle', priceDeltaPence: 40 },
    ],
  },
];

// ---------------------------------------------------------------------------
// Products (grouped by category, menu display order)
// ---------------------------------------------------------------------------

export const products: SeedProduct[] = [
  // --- Slow Roasted Coffee (14) ---
  {
    slug: 'espresso',
    name: 'Espresso',
    description: 'A short, intense shot of our house blend with notes of dark chocolate and toasted hazelnut.',
    pricePence: 240,
    category: 'slow-roasted-coffee',
  },
  {
    slug: 'doppio',
    name: 'Doppio',
    description: 'Two shots of espresso served neat for a bigger, bolder hit.',
    pricePence: 270,
    category: 'slow-roasted-coffee',
  },
  {
    slug: 'macchiato',
    name: 'Macchiato',
    description: 'Espresso marked with a spoonful of velvety milk foam.',
    pricePence: 260,
    category: 'slow-roasted-coffee',
  },
  {
    slug: 'cortado',
    name: 'Cortado',
    description: 'Equal parts espresso and warm steamed milk, short and perfectly balanced.',
    pricePence: 300,
    category: 'slow-roasted-coffee',
  },
  {
    slug: 'piccolo',
    name: 'Piccolo',
    description: 'A ristretto shot topped with silky milk in a small glass, sweet and strong.',
    pricePence: 290,
    category: 'slow-roasted-coffee',
  },
  {
    slug: 'flat-white',
    name: 'Flat White',
    description: 'A double ristretto with a thin layer of microfoam for a rich, coffee-forward cup.',
    pricePence: 330,
    category: 'slow-roasted-coffee',
  },
  {
    slug: 'latte',
    name: 'Latte',
    description: 'Espresso with plenty of steamed milk and a light layer of foam, smooth and mellow.',
    pricePence: 340,
    category: 'slow-roasted-coffee',
  },
  {
    slug: 'cappuccino',
    name: 'Cappuccino',
    description: 'Espresso, steamed milk and a deep cap of airy foam, finished with a dusting of cocoa.',
    pricePence: 340,
    category: 'slow-roasted-coffee',
  },
  {
    slug: 'americano',
    name: 'Americano',
    description: 'Espresso topped up with hot water for a long, clean black coffee.',
    pricePence: 290,
    category: 'slow-roasted-coffee',
  },
  {
    slug: 'mocha',
    name: 'Mocha',
    description: 'Espresso, rich chocolate sauce and steamed milk, the best of both worlds.',
    pricePence: 375,
    category: 'slow-roasted-coffee',
  },
  {
    slug: 'white-mocha',
    name: 'White Mocha',
    description: 'Espresso stirred with creamy white chocolate and topped with steamed milk.',
    pricePence: 385,
    category: 'slow-roasted-coffee',
  },
  {
    slug: 'caramel-macchiato',
    name: 'Caramel Macchiato',
    description: 'Vanilla-sweetened milk marked with espresso and finished with a caramel drizzle.',
    pricePence: 385,
    category: 'slow-roasted-coffee',
  },
  {
    slug: 'honey-oat-latte',
    name: 'Honey Oat Latte',
    description: 'Our latte made with oat milk and a swirl of local Suffolk honey.',
    pricePence: 395,
    category: 'slow-roasted-coffee',
  },
  {
    slug: 'batch-brew-filter',
    name: 'Batch Brew Filter',
    description: 'Freshly brewed filter coffee from our rotating single-origin beans, bright and easy drinking.',
    pricePence: 250,
    category: 'slow-roasted-coffee',
  },

  // --- Iced Coffee (10) ---
  {
    slug: 'iced-latte',
    name: 'Iced Latte',
    description: 'Espresso poured over ice and cold milk for a refreshing, creamy sip.',
    pricePence: 370,
    category: 'iced-coffee',
  },
  {
    slug: 'iced-americano',
    name: 'Iced Americano',
    description: 'Espresso and cold water over ice, crisp and clean.',
    pricePence: 320,
    category: 'iced-coffee',
  },
  {
    slug: 'iced-flat-white',
    name: 'Iced Flat White',
    description: 'A double ristretto shaken over ice with a splash of whole milk.',
    pricePence: 360,
    category: 'iced-coffee',
  },
  { slug: 'iced-mocha', name: 'Iced Mocha', description: 'Espresso, chocolate sauce and cold milk over ice.', pricePence: 400, category: 'iced-coffee' },
  {
    slug: 'iced-caramel-latte',
    name: 'Iced Caramel Latte',
    description: 'Our iced latte sweetened with caramel syrup and finished with a caramel drizzle.',
    pricePence: 410,
    category: 'iced-coffee',
  },
  {
    slug: 'iced-white-mocha',
    name: 'Iced White Mocha',
    description: 'White chocolate, espresso and cold milk shaken over ice.',
    pricePence: 410,
    category: 'iced-coffee',
    unavailableAt: ['ipswich'],
  },
  {
    slug: 'cold-brew',
    name: 'Cold Brew',
    description: 'Coffee steeped in cold water for eighteen hours, naturally sweet with low acidity.',
    pricePence: 350,
    category: 'iced-coffee',
  },
  {
    slug: 'vanilla-cold-foam-cold-brew',
    name: 'Vanilla Cold Foam Cold Brew',
    description: 'Our cold brew crowned with a layer of vanilla-sweetened cold foam.',
    pricePence: 395,
    category: 'iced-coffee',
  },
  {
    slug: 'espresso-tonic',
    name: 'Espresso Tonic',
    description: 'A double espresso floated over tonic water and ice with a twist of orange.',
    pricePence: 380,
    category: 'iced-coffee',
  },
  {
    slug: 'coffee-frappe',
    name: 'Coffee Frappe',
    description: 'Espresso blended with milk and ice into a frosty, sippable treat.',
    pricePence: 430,
    category: 'iced-coffee',
  },

  // --- Teas (10) ---
  {
    slug: 'english-breakfast-tea',
    name: 'English Breakfast Tea',
    description: 'A robust Assam and Ceylon blend that stands up well to a splash of milk.',
    pricePence: 250,
    category: 'teas',
  },
  { slug: 'earl-grey', name: 'Earl Grey', description: 'Black tea scented with bergamot for a fragrant, citrusy brew.', pricePence: 250, category: 'teas' },
  { slug: 'green-tea', name: 'Green Tea', description: 'Delicate Chinese sencha with a fresh, grassy finish.', pricePence: 250, category: 'teas' },
  {
    slug: 'peppermint-tea',
    name: 'Peppermint Tea',
    description: 'Whole peppermint leaves for a cooling, caffeine-free infusion.',
    pricePence: 250,
    category: 'teas',
  },
  {
    slug: 'chamomile-tea',
    name: 'Chamomile Tea',
    description: 'Soothing chamomile flowers with a gentle, honeyed flavour.',
    pricePence: 250,
    category: 'teas',
  },
  {
    slug: 'lemon-and-ginger-tea',
    name: 'Lemon and Ginger Tea',
    description: 'Zesty lemon peel and warming ginger root, caffeine free.',
    pricePence: 260,
    category: 'teas',
  },
  {
    slug: 'chai-latte',
    name: 'Chai Latte',
    description: 'Spiced black tea with cinnamon, cardamom and clove, topped with steamed milk.',
    pricePence: 350,
    category: 'teas',
  },
  {
    slug: 'dirty-chai-latte',
    name: 'Dirty Chai Latte',
    description: 'Our spiced chai latte with a shot of espresso added for an extra kick.',
    pricePence: 400,
    category: 'teas',
  },
  {
    slug: 'matcha-latte',
    name: 'Matcha Latte',
    description: 'Ceremonial-grade Japanese matcha whisked with steamed milk, earthy and smooth.',
    pricePence: 380,
    category: 'teas',
  },
  { slug: 'london-fog', name: 'London Fog', description: 'Earl Grey steeped in steamed milk with a touch of vanilla.', pricePence: 360, category: 'teas' },

  // --- Pastries (10) ---
  {
    slug: 'butter-croissant',
    name: 'Butter Croissant',
    description: 'A classic all-butter croissant with crisp, golden layers.',
    pricePence: 260,
    category: 'pastries',
  },
  {
    slug: 'almond-croissant',
    name: 'Almond Croissant',
    description: 'Croissant filled with almond frangipane and topped with toasted flaked almonds.',
    pricePence: 330,
    category: 'pastries',
  },
  {
    slug: 'pain-au-chocolat',
    name: 'Pain au Chocolat',
    description: 'Flaky laminated pastry wrapped around two batons of dark chocolate.',
    pricePence: 280,
    category: 'pastries',
  },
  {
    slug: 'cinnamon-swirl',
    name: 'Cinnamon Swirl',
    description: 'Buttery pastry rolled with cinnamon sugar and finished with a light glaze.',
    pricePence: 300,
    category: 'pastries',
  },
  {
    slug: 'pain-aux-raisins',
    name: 'Pain aux Raisins',
    description: 'Spiralled pastry with vanilla custard and plump raisins.',
    pricePence: 290,
    category: 'pastries',
  },
  {
    slug: 'cheese-twist',
    name: 'Cheese Twist',
    description: 'Puff pastry twisted with mature Cheddar and baked until crisp.',
    pricePence: 280,
    category: 'pastries',
  },
  {
    slug: 'sausage-roll',
    name: 'Sausage Roll',
    description: 'Outdoor-bred pork sausage meat seasoned with sage, wrapped in flaky puff pastry.',
    pricePence: 320,
    category: 'pastries',
  },
  {
    slug: 'ham-and-cheese-croissant',
    name: 'Ham and Cheese Croissant',
    description: 'A warm croissant filled with smoked ham and melted Emmental.',
    pricePence: 350,
    category: 'pastries',
    unavailableAt: ['ipswich'],
  },
  {
    slug: 'blueberry-muffin',
    name: 'Blueberry Muffin',
    description: 'A soft, domed muffin packed with juicy blueberries and a crunchy sugar top.',
    pricePence: 290,
    category: 'pastries',
  },
  {
    slug: 'fruit-scone',
    name: 'Fruit Scone',
    description: 'A crumbly sultana scone served with butter and strawberry jam.',
    pricePence: 270,
    category: 'pastries',
  },

  // --- Hot Chocolate (7) ---
  {
    slug: 'classic-hot-chocolate',
    name: 'Classic Hot Chocolate',
    description: 'Melted milk chocolate whisked into steamed milk, rich and comforting.',
    pricePence: 350,
    category: 'hot-chocolate',
  },
  {
    slug: 'dark-hot-chocolate',
    name: 'Dark Hot Chocolate',
    description: 'Made with 70% dark chocolate for a deeper, less sweet cup.',
    pricePence: 380,
    category: 'hot-chocolate',
  },
  {
    slug: 'white-hot-chocolate',
    name: 'White Hot Chocolate',
    description: 'Creamy white chocolate melted into steamed milk with a hint of vanilla.',
    pricePence: 370,
    category: 'hot-chocolate',
  },
  {
    slug: 'salted-caramel-hot-chocolate',
    name: 'Salted Caramel Hot Chocolate',
    description: 'Our classic hot chocolate with salted caramel stirred through.',
    pricePence: 395,
    category: 'hot-chocolate',
  },
  {
    slug: 'mint-hot-chocolate',
    name: 'Mint Hot Chocolate',
    description: 'Rich chocolate with a cool peppermint finish, like an after-dinner mint in a mug.',
    pricePence: 385,
    category: 'hot-chocolate',
  },
  {
    slug: 'orange-hot-chocolate',
    name: 'Orange Hot Chocolate',
    description: 'Dark chocolate infused with zesty orange for a classic pairing.',
    pricePence: 385,
    category: 'hot-chocolate',
  },
  {
    slug: 'kids-hot-chocolate',
    name: 'Kids Hot Chocolate',
    description: 'A smaller, cooler hot chocolate for little ones, topped with mini marshmallows.',
    pricePence: 250,
    category: 'hot-chocolate',
  },

  // --- Cold Drinks (10) ---
  { slug: 'still-water', name: 'Still Water', description: 'A 500ml bottle of British spring water.', pricePence: 180, category: 'cold-drinks' },
  {
    slug: 'sparkling-water',
    name: 'Sparkling Water',
    description: 'A 500ml bottle of lightly sparkling British spring water.',
    pricePence: 190,
    category: 'cold-drinks',
  },
  {
    slug: 'fresh-orange-juice',
    name: 'Fresh Orange Juice',
    description: 'Freshly squeezed orange juice, bright and full of zing.',
    pricePence: 320,
    category: 'cold-drinks',
  },
  {
    slug: 'cloudy-apple-juice',
    name: 'Cloudy Apple Juice',
    description: 'Pressed from Suffolk apples for a crisp, naturally sweet juice.',
    pricePence: 280,
    category: 'cold-drinks',
  },
  {
    slug: 'cloudy-lemonade',
    name: 'Cloudy Lemonade',
    description: 'Sparkling lemonade made with real lemon juice, sharp and refreshing.',
    pricePence: 300,
    category: 'cold-drinks',
  },
  {
    slug: 'elderflower-presse',
    name: 'Elderflower Presse',
    description: 'Lightly sparkling elderflower with a delicate floral flavour.',
    pricePence: 290,
    category: 'cold-drinks',
  },
  { slug: 'cola', name: 'Cola', description: 'An ice-cold 330ml can of classic cola.', pricePence: 220, category: 'cold-drinks' },
  { slug: 'diet-cola', name: 'Diet Cola', description: 'An ice-cold 330ml can of sugar-free cola.', pricePence: 220, category: 'cold-drinks' },
  { slug: 'ginger-beer', name: 'Ginger Beer', description: 'Fiery, brewed ginger beer with a warming kick.', pricePence: 280, category: 'cold-drinks' },
  {
    slug: 'iced-peach-tea',
    name: 'Iced Peach Tea',
    description: 'Black tea brewed cold and blended with ripe peach, served over ice.',
    pricePence: 330,
    category: 'cold-drinks',
  },

  // --- Seasonal (8) ---
  {
    slug: 'pumpkin-spice-latte',
    name: 'Pumpkin Spice Latte',
    description: 'Espresso and steamed milk with pumpkin, cinnamon and nutmeg, topped with whipped cream.',
    pricePence: 420,
    category: 'seasonal',
  },
  {
    slug: 'gingerbread-latte',
    name: 'Gingerbread Latte',
    description: 'A festive latte with warming gingerbread syrup and a sprinkle of spice.',
    pricePence: 420,
    category: 'seasonal',
  },
  {
    slug: 'toffee-nut-latte',
    name: 'Toffee Nut Latte',
    description: 'Buttery toffee and toasted nut flavours swirled into our smooth latte.',
    pricePence: 420,
    category: 'seasonal',
  },
  {
    slug: 'maple-pecan-latte',
    name: 'Maple Pecan Latte',
    description: 'Espresso with maple and pecan syrup, finished with a drizzle of maple.',
    pricePence: 420,
    category: 'seasonal',
  },
  {
    slug: 'eggnog-latte',
    name: 'Eggnog Latte',
    description: 'Creamy eggnog steamed with espresso and dusted with nutmeg, a winter favourite.',
    pricePence: 430,
    category: 'seasonal',
    unavailableAt: ['ipswich'],
  },
  {
    slug: 'spiced-apple-chai',
    name: 'Spiced Apple Chai',
    description: 'Warm apple juice infused with chai spices, caffeine free and cosy.',
    pricePence: 390,
    category: 'seasonal',
  },
  {
    slug: 'black-forest-hot-chocolate',
    name: 'Black Forest Hot Chocolate',
    description: 'Dark hot chocolate with cherry syrup, whipped cream and chocolate shavings.',
    pricePence: 420,
    category: 'seasonal',
  },
  {
    slug: 'mince-pie',
    name: 'Mince Pie',
    description: 'Sweet shortcrust pastry filled with spiced fruit mincemeat and dusted with icing sugar.',
    pricePence: 280,
    category: 'seasonal',
  },

  // --- Milkshakes (8) ---
  {
    slug: 'vanilla-milkshake',
    name: 'Vanilla Milkshake',
    description: 'Madagascan vanilla ice cream blended with cold whole milk.',
    pricePence: 420,
    category: 'milkshakes',
  },
  {
    slug: 'chocolate-milkshake',
    name: 'Chocolate Milkshake',
    description: 'Chocolate ice cream and cocoa blended thick and creamy.',
    pricePence: 420,
    category: 'milkshakes',
  },
  {
    slug: 'strawberry-milkshake',
    name: 'Strawberry Milkshake',
    description: 'Strawberry ice cream blended with real strawberries for a summery shake.',
    pricePence: 420,
    category: 'milkshakes',
  },
  {
    slug: 'banana-milkshake',
    name: 'Banana Milkshake',
    description: 'Ripe banana and vanilla ice cream blended until smooth.',
    pricePence: 420,
    category: 'milkshakes',
  },
  {
    slug: 'salted-caramel-milkshake',
    name: 'Salted Caramel Milkshake',
    description: 'Vanilla ice cream blended with salted caramel sauce and topped with a drizzle.',
    pricePence: 450,
    category: 'milkshakes',
  },
  {
    slug: 'cookies-and-cream-milkshake',
    name: 'Cookies and Cream Milkshake',
    description: 'Vanilla ice cream blended with crushed chocolate sandwich cookies.',
    pricePence: 460,
    category: 'milkshakes',
  },
  {
    slug: 'peanut-butter-milkshake',
    name: 'Peanut Butter Milkshake',
    description: 'Smooth peanut butter and chocolate ice cream for a rich, nutty shake.',
    pricePence: 460,
    category: 'milkshakes',
    unavailableAt: ['ipswich'],
  },
  {
    slug: 'biscoff-milkshake',
    name: 'Biscoff Milkshake',
    description: 'Caramelised biscuit spread blended with vanilla ice cream and biscuit crumb.',
    pricePence: 480,
    category: 'milkshakes',
  },

  // --- Cakes (10) ---
  {
    slug: 'victoria-sponge',
    name: 'Victoria Sponge',
    description: 'Two light vanilla sponges sandwiched with raspberry jam and buttercream.',
    pricePence: 380,
    category: 'cakes',
  },
  {
    slug: 'carrot-cake',
    name: 'Carrot Cake',
    description: 'Moist spiced carrot cake with walnuts and a thick cream cheese frosting.',
    pricePence: 400,
    category: 'cakes',
  },
  {
    slug: 'lemon-drizzle-cake',
    name: 'Lemon Drizzle Cake',
    description: 'Zesty lemon loaf soaked in a sharp, crunchy sugar drizzle.',
    pricePence: 350,
    category: 'cakes',
  },
  {
    slug: 'chocolate-fudge-cake',
    name: 'Chocolate Fudge Cake',
    description: 'Layers of dark chocolate sponge with a rich, glossy fudge icing.',
    pricePence: 420,
    category: 'cakes',
  },
  {
    slug: 'coffee-and-walnut-cake',
    name: 'Coffee and Walnut Cake',
    description: 'Espresso-laced sponge with coffee buttercream and toasted walnuts.',
    pricePence: 400,
    category: 'cakes',
  },
  {
    slug: 'red-velvet-cake',
    name: 'Red Velvet Cake',
    description: 'Soft cocoa sponge with a hint of buttermilk and cream cheese frosting.',
    pricePence: 410,
    category: 'cakes',
    unavailableAt: ['ipswich'],
  },
  {
    slug: 'banana-bread',
    name: 'Banana Bread',
    description: 'A thick slice of moist banana loaf, lovely warmed with butter.',
    pricePence: 320,
    category: 'cakes',
  },
  {
    slug: 'chocolate-brownie',
    name: 'Chocolate Brownie',
    description: 'A dense, gooey dark chocolate brownie with a crackly top.',
    pricePence: 330,
    category: 'cakes',
  },
  {
    slug: 'millionaires-shortbread',
    name: "Millionaire's Shortbread",
    description: 'Buttery shortbread layered with soft caramel and milk chocolate.',
    pricePence: 320,
    category: 'cakes',
  },
  {
    slug: 'bakewell-tart',
    name: 'Bakewell Tart',
    description: 'Shortcrust pastry with raspberry jam, almond frangipane and flaked almonds.',
    pricePence: 350,
    category: 'cakes',
  },
];

// ---------------------------------------------------------------------------
// Option availability per store (demo)
// ---------------------------------------------------------------------------

// option slugs unavailable per store in the demo, e.g. { ipswich: ['coconut'] }
export const unavailableOptions: Record<string, string[]> = {
  ipswich: ['coconut'],
};
